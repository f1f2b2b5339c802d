//! landa-bundle (being built).
