//! landa-quota (being built).
