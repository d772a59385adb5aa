"""Reads every message an SMTP sink (aiosmtpd's Mailbox handler) stored in a Maildir and prints
them as JSON, decoded by Python's own e-mail parser: recipients, subject, the plain-text body and
each attachment (file name, content type, text), and the one-click unsubscribe headers. Used by the end-to-end tests."""

import email
import email.policy
import json
import mailbox
import sys


def main(path):
    out = []
    for key, raw in mailbox.Maildir(path, factory=None, create=False).iteritems():
        msg = email.message_from_bytes(raw.as_bytes(), policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain",))
        attachments = []
        for part in msg.iter_attachments():
            attachments.append(
                {
                    "filename": part.get_filename(),
                    "content_type": part.get_content_type(),
                    "params": dict(part.get_params() or []),
                    "text": part.get_content(),
                }
            )
        out.append(
            {
                "to": str(msg["To"]),
                "from": str(msg["From"]),
                "subject": str(msg["Subject"]),
                "body": body.get_content() if body is not None else "",
                "attachments": attachments,
                # Unfolded, without the insignificant leading white space (RFC 5322 2.2.3).
                "list_unsubscribe": msg["List-Unsubscribe"]
                and str(msg["List-Unsubscribe"]).strip(),
                "list_unsubscribe_post": msg["List-Unsubscribe-Post"]
                and str(msg["List-Unsubscribe-Post"]).strip(),
            }
        )
    out.sort(key=lambda m: (m["to"], m["subject"]))
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
