//! End-to-end tests: one binary, one module per concern.

mod foundation;
