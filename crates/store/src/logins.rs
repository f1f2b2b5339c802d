//! The login limit, shared by every server process: attempts per username within a
//! window, counted by one atomic statement so that parallel guesses are counted one by one.

use crate::codec::{instant_text, RowReader};
use crate::{Store, StoreError};
use chrono::{DateTime, Duration, Utc};

/// How an attempt to log in was counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginAttempt {
    /// Go ahead and check the password.
    Allowed,
    /// Too many attempts in the window: refuse until it closes, after this long.
    Refused(Duration),
}

impl Store {
    /// Counts one attempt for `username` (lower-cased) and says whether it may go ahead:
    /// at most `allowed` attempts within `window` from the first, however many processes
    /// and parallel requests try. A successful login clears the count
    /// (`clear_login_attempts`), so only failures add up.
    pub async fn count_login_attempt(
        &self,
        username: &str,
        allowed: u32,
        window: Duration,
        now: DateTime<Utc>,
    ) -> Result<LoginAttempt, StoreError> {
        let cutoff = instant_text(now - window);
        let row = sqlx::query(
            "INSERT INTO login_attempts (username, window_start, attempts) VALUES ($1, $2, 1) \
             ON CONFLICT (username) DO UPDATE SET \
             attempts = CASE WHEN login_attempts.window_start < $3 THEN 1 \
                             ELSE login_attempts.attempts + 1 END, \
             window_start = CASE WHEN login_attempts.window_start < $3 THEN $2 \
                                 ELSE login_attempts.window_start END \
             RETURNING attempts, window_start",
        )
        .bind(username.to_lowercase())
        .bind(instant_text(now))
        .bind(cutoff)
        .fetch_one(&self.pool)
        .await
        .map_err(StoreError::database("counting a login attempt"))?;
        let r = RowReader::new(&row, "login_attempts");
        let attempts: u32 = r.count("attempts")?;
        let window_start = r.instant("window_start")?;
        Ok(if attempts > allowed {
            LoginAttempt::Refused((window_start + window - now).max(Duration::seconds(1)))
        } else {
            LoginAttempt::Allowed
        })
    }

    /// Forgets the attempts of `username` after it logged in.
    pub async fn clear_login_attempts(&self, username: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_attempts WHERE username = $1")
            .bind(username.to_lowercase())
            .execute(&self.pool)
            .await
            .map_err(StoreError::database("clearing login attempts"))?;
        Ok(())
    }
}
