//! Group commit of the changes of seats on SQLite: every commit is fsynced before it is answered
//! (`synchronous = full`), and an fsync costs a millisecond or more, so the writers that queue
//! for the in-process write turn share one transaction, and one fsync.
//!
//! - A writer takes the turn ([`Gate::begin`]): it joins the open batch, or opens one (`begin
//!   immediate`) and spawns the batch's committer, which queues for the turn behind the writers
//!   already waiting. Each writer works inside its own savepoint, so a refusal or a failed
//!   statement undoes its own work only.
//! - Done, it releases its savepoint and gives the turn on ([`Member::finish`]); the next writer
//!   joins the same transaction. When the committer gets the turn it commits, once, for all of
//!   them, and each writer answers with that commit's outcome: nothing is answered as saved
//!   before it is on the disk.
//! - A writer whose request ends half-way (its client left) leaves its savepoint open; whoever
//!   takes the turn next rolls it back first. The committer runs in its own task, so a batch is
//!   always committed, whoever leaves.
//! - The mail outbox's writes (marking what it sent) are members of the batches too, so they
//!   share the sign-ups' fsyncs instead of meeting them on SQLite's busy handler.
//!
//! PostgreSQL does not batch: its writers lock the event's row and commit on their own.

use std::sync::Arc;

use app::ssr::{StoreError, StoreResult};
use sqlx::{Any, AnyPool, Transaction};
use tokio::sync::{Mutex, OwnedMappedMutexGuard, OwnedMutexGuard, watch};

use super::map_err;

/// The outcome of a batch's commit, as each of its writers reports it.
type Outcome = Option<Result<(), Fault>>;

/// Why a batch was not saved: the kind of [`StoreError`] and its message.
#[derive(Debug, Clone)]
struct Fault {
    disk_full: bool,
    unavailable: bool,
    message: String,
}

impl Fault {
    fn of(e: &StoreError) -> Fault {
        Fault {
            disk_full: matches!(e, StoreError::DiskFull(_)),
            unavailable: matches!(e, StoreError::Unavailable(_)),
            message: format!("{e:#}"),
        }
    }

    fn error(&self) -> StoreError {
        let e = anyhow::anyhow!("{} (a batch of changes of seats)", self.message);
        if self.disk_full {
            StoreError::DiskFull(e)
        } else if self.unavailable {
            StoreError::Unavailable(e)
        } else {
            StoreError::Other(e)
        }
    }
}

/// The transaction the writers of a batch share.
pub(super) struct Batch {
    /// The open transaction.
    pub tx: Transaction<'static, Any>,
    /// Whether a writer's savepoint is still open (its request ended half-way).
    dangling: bool,
    /// Where the committer tells the batch's writers how the commit went.
    done: Arc<watch::Sender<Outcome>>,
}

/// The write turn and the open batch, if any.
#[derive(Default)]
pub(super) struct Slot {
    open: Option<Batch>,
}

impl Slot {
    /// Rolls back the savepoint a writer left open; a batch whose transaction did not survive
    /// that (SQLite rolls a whole transaction back on some faults) ends here, failed.
    async fn settle(&mut self) {
        let Some(batch) = self.open.as_mut() else {
            return;
        };
        if !batch.dangling {
            return;
        }
        let undone = sqlx::query("rollback to seats")
            .execute(&mut *batch.tx)
            .await
            .and(sqlx::query("release seats").execute(&mut *batch.tx).await);
        match undone {
            Ok(_) => batch.dangling = false,
            Err(e) => {
                tracing::warn!(error = %e, "a batch of changes of seats is lost");
                self.end(Err(map_err(e))).await;
            }
        }
    }

    /// Commits the open batch if it is `of` (a failed rollback may have ended it already)
    /// and tells its writers.
    async fn commit(&mut self, of: &Arc<watch::Sender<Outcome>>) {
        self.settle().await;
        let ours = self
            .open
            .as_ref()
            .is_some_and(|batch| Arc::ptr_eq(&batch.done, of));
        if ours {
            self.end(Ok(())).await;
        }
    }

    /// Ends the open batch: commits it when `how` is `Ok`, else rolls it back with that error.
    async fn end(&mut self, how: StoreResult<()>) {
        let Some(batch) = self.open.take() else {
            return;
        };
        let outcome = match how {
            Ok(()) => batch.tx.commit().await.map_err(map_err),
            Err(e) => Err(e),
        };
        if let Err(e) = &outcome {
            tracing::warn!(error = %e, "a batch of changes of seats was not saved");
        }
        batch
            .done
            .send_replace(Some(outcome.map_err(|e| Fault::of(&e))));
    }
}

/// SQLite's write turn, shared by the store's clones of it.
#[derive(Clone, Default)]
pub(super) struct Gate(Arc<Mutex<Slot>>);

impl std::fmt::Debug for Gate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Gate")
    }
}

/// A writer's part of a batch: its turn, mapped to the batch's transaction.
pub(super) struct Member {
    /// The turn, holding the open batch.
    pub batch: OwnedMappedMutexGuard<Slot, Batch>,
    outcome: watch::Receiver<Outcome>,
}

impl Gate {
    /// Waits for the turn and joins the open batch (or opens one) inside a savepoint of its own.
    ///
    /// # Errors
    /// When the transaction or the savepoint cannot be opened.
    pub(super) async fn begin(&self, pool: &AnyPool) -> StoreResult<Member> {
        let mut slot = self.0.clone().lock_owned().await;
        slot.settle().await;
        if slot.open.is_none() {
            let tx = pool.begin_with("begin immediate").await.map_err(map_err)?;
            let (done, _) = watch::channel(None);
            let done = Arc::new(done);
            slot.open = Some(Batch {
                tx,
                dangling: false,
                done: done.clone(),
            });
            // Queued behind the writers already waiting: they join this batch first.
            let gate = self.0.clone();
            tokio::spawn(async move {
                let mut slot = gate.lock_owned().await;
                slot.commit(&done).await;
            });
        }
        let batch = OwnedMutexGuard::try_map(slot, |s| s.open.as_mut())
            .map_err(|_| StoreError::Other(anyhow::anyhow!("no batch open")))?;
        let mut member = Member {
            outcome: batch.done.subscribe(),
            batch,
        };
        sqlx::query("savepoint seats")
            .execute(&mut *member.batch.tx)
            .await
            .map_err(map_err)?;
        member.batch.dangling = true;
        Ok(member)
    }
}

impl Member {
    /// Releases this writer's savepoint, gives the turn on, and answers once the batch is
    /// committed.
    ///
    /// # Errors
    /// When the savepoint cannot be released, or the batch's commit failed.
    pub(super) async fn finish(mut self) -> StoreResult<()> {
        sqlx::query("release seats")
            .execute(&mut *self.batch.tx)
            .await
            .map_err(map_err)?;
        self.batch.dangling = false;
        let Member { batch, mut outcome } = self;
        drop(batch);
        let done = outcome
            .wait_for(Option::is_some)
            .await
            .map_err(|_| StoreError::Other(anyhow::anyhow!("a batch ended uncommitted")))?;
        match &*done {
            Some(Ok(())) => Ok(()),
            Some(Err(fault)) => Err(fault.error()),
            None => Err(StoreError::Other(anyhow::anyhow!("a batch ended unknown"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn pool() -> (AnyPool, std::path::PathBuf) {
        sqlx::any::install_default_drivers();
        let dir = std::env::temp_dir().join(format!("enlace-batch-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}/b.db?mode=rwc", dir.display());
        let pool = sqlx::any::AnyPoolOptions::new()
            .max_connections(4)
            .connect(&url)
            .await
            .unwrap();
        sqlx::query("pragma journal_mode = wal")
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query("create table t (n integer primary key)")
            .execute(&pool)
            .await
            .unwrap();
        (pool, dir)
    }

    async fn rows(pool: &AnyPool) -> Vec<i64> {
        sqlx::query_scalar("select n from t order by n")
            .fetch_all(pool)
            .await
            .unwrap()
    }

    async fn insert(member: &mut Member, n: i64) -> StoreResult<()> {
        sqlx::query("insert into t (n) values ($1)")
            .bind(n)
            .execute(&mut *member.batch.tx)
            .await
            .map_err(map_err)?;
        Ok(())
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn writers_share_commits_and_each_failure_or_abandon_undoes_only_its_own_work() {
        let (pool, dir) = pool().await;
        let gate = Gate::default();
        // Forty writers at once: all saved, in fewer commits than writers.
        let mut tasks = Vec::new();
        for n in 1..=40 {
            let (gate, pool) = (gate.clone(), pool.clone());
            tasks.push(tokio::spawn(async move {
                let mut member = gate.begin(&pool).await?;
                insert(&mut member, n).await?;
                member.finish().await?;
                // Answered only once on the disk: another connection reads it at once.
                let seen: i64 = sqlx::query_scalar("select count(*) from t where n = $1")
                    .bind(n)
                    .fetch_one(&pool)
                    .await
                    .map_err(map_err)?;
                assert_eq!(seen, 1, "writer {n} answered before its commit");
                Ok::<(), StoreError>(())
            }));
        }
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        assert_eq!(rows(&pool).await, (1..=40).collect::<Vec<_>>());

        // A refused statement (a duplicate) fails its writer only; a writer dropped half-way
        // leaves nothing; the others in the same batch are saved.
        let mut first = gate.begin(&pool).await.unwrap();
        insert(&mut first, 41).await.unwrap();
        let (g, p) = (gate.clone(), pool.clone());
        let duplicate = tokio::spawn(async move {
            let mut member = g.begin(&p).await?;
            insert(&mut member, 41).await?;
            member.finish().await
        });
        let (g, p) = (gate.clone(), pool.clone());
        let abandoned = tokio::spawn(async move {
            let mut member = g.begin(&p).await.unwrap();
            insert(&mut member, 42).await.unwrap();
            drop(member);
        });
        let (g, p) = (gate.clone(), pool.clone());
        let last = tokio::spawn(async move {
            let mut member = g.begin(&p).await?;
            insert(&mut member, 43).await?;
            member.finish().await
        });
        // Give the others time to queue behind the first writer, in the same batch.
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        first.finish().await.unwrap();
        assert!(matches!(
            duplicate.await.unwrap(),
            Err(StoreError::Conflict(_) | StoreError::Other(_))
        ));
        abandoned.await.unwrap();
        last.await.unwrap().unwrap();
        assert_eq!(*rows(&pool).await.last().unwrap(), 43);
        assert!(!rows(&pool).await.contains(&42), "the abandoned write");

        pool.close().await;
        std::fs::remove_dir_all(dir).unwrap();
    }
}
