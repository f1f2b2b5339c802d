//! Where the store's queries run. They are written once, for sqlx's Any driver; a write
//! that must also use PostgreSQL's own protocol (COPY, which the Any driver lacks) runs
//! them on a `PgSession` instead, so that both share one transaction.

use futures_util::future::BoxFuture;
use futures_util::stream::BoxStream;
use futures_util::{future, stream, FutureExt, StreamExt};
use sqlx::any::{Any, AnyQueryResult, AnyRow, AnyStatement, AnyTypeInfo};
use sqlx::pool::PoolConnection;
use sqlx::{AnyConnection, Describe, Either, Execute, Executor, PgConnection, Transaction};
use sqlx_core::any::AnyConnectionBackend;

/// A connection that runs the store's Any queries.
pub(crate) trait AnySession: Send {
    fn executor(&mut self) -> impl Executor<'_, Database = Any>;
}

impl AnySession for AnyConnection {
    fn executor(&mut self) -> impl Executor<'_, Database = Any> {
        self
    }
}

impl AnySession for Transaction<'_, Any> {
    fn executor(&mut self) -> impl Executor<'_, Database = Any> {
        &mut **self
    }
}

impl AnySession for PoolConnection<Any> {
    fn executor(&mut self) -> impl Executor<'_, Database = Any> {
        &mut **self
    }
}

/// A PostgreSQL connection (usually inside a transaction) that runs Any queries through
/// the Any driver's own translation for PostgreSQL, as an `AnyConnection` would.
#[derive(Debug)]
pub(crate) struct PgSession<'c>(pub &'c mut PgConnection);

impl AnySession for PgSession<'_> {
    fn executor(&mut self) -> impl Executor<'_, Database = Any> {
        self
    }
}

impl<'s> Executor<'s> for &'s mut PgSession<'_> {
    type Database = Any;

    fn fetch_many<'e, 'q: 'e, E>(
        self,
        mut query: E,
    ) -> BoxStream<'e, Result<Either<AnyQueryResult, AnyRow>, sqlx::Error>>
    where
        's: 'e,
        E: 'q + Execute<'q, Any>,
    {
        match query.take_arguments().map_err(sqlx::Error::Encode) {
            Ok(arguments) => {
                AnyConnectionBackend::fetch_many(self.0, query.sql(), query.persistent(), arguments)
            }
            Err(error) => stream::once(future::ready(Err(error))).boxed(),
        }
    }

    fn fetch_optional<'e, 'q: 'e, E>(
        self,
        mut query: E,
    ) -> BoxFuture<'e, Result<Option<AnyRow>, sqlx::Error>>
    where
        's: 'e,
        E: 'q + Execute<'q, Any>,
    {
        match query.take_arguments().map_err(sqlx::Error::Encode) {
            Ok(arguments) => AnyConnectionBackend::fetch_optional(
                self.0,
                query.sql(),
                query.persistent(),
                arguments,
            ),
            Err(error) => future::ready(Err(error)).boxed(),
        }
    }

    fn prepare_with<'e, 'q: 'e>(
        self,
        sql: &'q str,
        parameters: &'e [AnyTypeInfo],
    ) -> BoxFuture<'e, Result<AnyStatement<'q>, sqlx::Error>>
    where
        's: 'e,
    {
        AnyConnectionBackend::prepare_with(self.0, sql, parameters)
    }

    fn describe<'e, 'q: 'e>(self, sql: &'q str) -> BoxFuture<'e, Result<Describe<Any>, sqlx::Error>>
    where
        's: 'e,
    {
        AnyConnectionBackend::describe(self.0, sql)
    }
}
