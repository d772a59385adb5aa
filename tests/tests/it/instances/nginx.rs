//! Debian's nginx on loopback, configured with the guide's own `deploy:nginx` block: its ports,
//! certificate (self-signed, made by `openssl req -x509`), upstreams and site directory changed,
//! everything else as written, wrapped in a main configuration that keeps all of nginx's files in a
//! temporary prefix directory (pid, logs, temporary bodies) and runs it in the foreground as one
//! process, killed when dropped. Its access log names the upstream of every request, tagged by the
//! test with an `x-test-step` header.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::doc::{block, held_port, substitute};

/// Where Debian's package puts nginx.
pub const NGINX: &str = "/usr/sbin/nginx";

/// The public name in the guide (and in the test's certificate).
pub const HOST: &str = "enlace.example.org";

/// nginx in front of two instances.
pub struct Nginx {
    /// nginx, in the foreground.
    child: Child,
    dir: PathBuf,
    /// The HTTPS port (the guide's 443).
    pub https: u16,
    /// The plain HTTP port (the guide's 80).
    pub http: u16,
    cert: Vec<u8>,
}

/// One line of the access log.
#[derive(Debug, Clone)]
pub struct Logged {
    /// The request's `x-test-step` (`-`: none).
    pub step: String,
    /// `127.0.0.1:<port>` of the instance that answered (`-`: nginx itself).
    pub upstream: String,
    /// The status sent.
    pub status: u16,
    /// The method.
    pub method: String,
    /// The path.
    pub uri: String,
}

/// nginx's two ports, held (bound) until it starts.
pub struct Ports {
    /// The HTTPS port.
    pub https: u16,
    /// The plain HTTP port (redirects to HTTPS).
    pub http: u16,
    hold: [std::net::TcpListener; 2],
}

impl Nginx {
    /// Ports for nginx, chosen before the instances start (their public URL names the port):
    /// two different ones, held until nginx starts so no instance takes them meanwhile.
    pub fn ports() -> Ports {
        let hold = [held_port(), held_port()];
        let port = |l: &std::net::TcpListener| l.local_addr().unwrap().port();
        Ports {
            https: port(&hold[0]),
            http: port(&hold[1]),
            hold,
        }
    }

    /// Writes the configuration for `upstreams` (instance A's port, then B's), checks it with
    /// `nginx -t` and starts nginx.
    pub async fn start(ports: Ports, upstreams: [u16; 2], site: &str) -> Nginx {
        let Ports { https, http, hold } = ports;
        let dir =
            std::env::temp_dir().join(format!("enlace-nginx-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
        let made = Command::new("openssl")
            .args(["req", "-x509", "-newkey", "ec", "-pkeyopt"])
            .args(["ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"])
            .args(["-subj", &format!("/CN={HOST}")])
            .args(["-addext", &format!("subjectAltName=DNS:{HOST}")])
            .args(["-addext", "basicConstraints=critical,CA:FALSE"])
            .args(["-addext", "extendedKeyUsage=serverAuth"])
            .arg("-keyout")
            .arg(&key)
            .arg("-out")
            .arg(&cert)
            .output()
            .expect("running openssl");
        assert!(
            made.status.success(),
            "openssl req -x509: {}",
            String::from_utf8_lossy(&made.stderr)
        );
        let site_block = substitute(
            &block("nginx"),
            &[
                (
                    "listen 443 ssl http2;",
                    &format!("listen 127.0.0.1:{https} ssl http2;"),
                ),
                ("listen [::]:443 ssl http2;", ""),
                ("listen 80;", &format!("listen 127.0.0.1:{http};")),
                ("listen [::]:80;", ""),
                (
                    "server 127.0.0.1:3001;",
                    &format!("server 127.0.0.1:{};", upstreams[0]),
                ),
                (
                    "server 127.0.0.1:3002;",
                    &format!("server 127.0.0.1:{};", upstreams[1]),
                ),
                (
                    "/etc/letsencrypt/live/enlace.example.org/fullchain.pem",
                    &cert.display().to_string(),
                ),
                (
                    "/etc/letsencrypt/live/enlace.example.org/privkey.pem",
                    &key.display().to_string(),
                ),
                ("/opt/enlace/site", site),
            ],
        );
        let d = dir.display();
        // Debian's /etc/nginx/nginx.conf in a prefix of its own: one foreground process.
        let conf = [
            "daemon off;".to_owned(),
            "master_process off;".to_owned(),
            format!("pid {d}/nginx.pid;"),
            format!("error_log {d}/error.log info;"),
            "events { worker_connections 2048; }".to_owned(),
            "http {".to_owned(),
            "    include /etc/nginx/mime.types;".to_owned(),
            "    default_type application/octet-stream;".to_owned(),
            format!("    client_body_temp_path {d}/client_body;"),
            format!("    proxy_temp_path {d}/proxy;"),
            format!("    fastcgi_temp_path {d}/fastcgi;"),
            format!("    uwsgi_temp_path {d}/uwsgi;"),
            format!("    scgi_temp_path {d}/scgi;"),
            "    log_format steps '$http_x_test_step $upstream_addr $status $request_method $uri';"
                .to_owned(),
            format!("    access_log {d}/access.log steps;"),
            site_block,
            "}".to_owned(),
        ]
        .join("\n");
        let path = dir.join("nginx.conf");
        std::fs::write(&path, conf).unwrap();
        let nginx = |extra: &[&str]| {
            let mut command = Command::new(NGINX);
            command
                .args(extra)
                .arg("-p")
                .arg(&dir)
                .arg("-c")
                .arg(&path)
                .arg("-e")
                .arg(dir.join("error.log"));
            command
        };
        // nginx binds them now.
        drop(hold);
        let tested = nginx(&["-t"]).output().expect("running nginx -t");
        assert!(
            tested.status.success(),
            "nginx -t on the configuration of docs/deploy.md: {}",
            String::from_utf8_lossy(&tested.stderr)
        );
        let child = nginx(&[])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starting nginx");
        let cert = std::fs::read(&cert).unwrap();
        let nginx = Nginx {
            child,
            dir,
            https,
            http,
            cert,
        };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", https))
                .await
                .is_ok()
            {
                return nginx;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("nginx did not listen on {https}: {}", nginx.errors());
    }

    /// `https://enlace.example.org:<port>`: what the instances' `ENLACE_PUBLIC_URL` says.
    pub fn base(https: u16) -> String {
        format!("https://{HOST}:{https}")
    }

    /// A browser-like client of the public name (resolved to nginx on loopback), trusting the
    /// test's certificate, with cookies of its own, following no redirect.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .resolve(HOST, ([127, 0, 0, 1], self.https).into())
            .add_root_certificate(reqwest::Certificate::from_pem(&self.cert).unwrap())
            .build()
            .unwrap()
    }

    /// The access log so far.
    pub fn log(&self) -> Vec<Logged> {
        let text = std::fs::read_to_string(self.dir.join("access.log")).unwrap_or_default();
        text.lines()
            .filter_map(|line| {
                let mut words = line.split(' ');
                Some(Logged {
                    step: words.next()?.to_owned(),
                    upstream: words.next()?.to_owned(),
                    status: words.next()?.parse().ok()?,
                    method: words.next()?.to_owned(),
                    uri: words.next()?.to_owned(),
                })
            })
            .collect()
    }

    /// The log line of the request tagged `step`, once nginx wrote it (after the response).
    pub async fn logged(&self, step: &str) -> Logged {
        for _ in 0..200 {
            if let Some(line) = self.log().into_iter().find(|l| l.step == step) {
                return line;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("nginx logged no request {step}");
    }

    /// nginx's error log.
    pub fn errors(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
