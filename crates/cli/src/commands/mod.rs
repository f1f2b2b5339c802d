pub mod bundle;
pub mod decisions;
pub mod demo;
pub mod gaps;
pub mod place;
pub mod quota;
pub mod serve;
pub mod user;
