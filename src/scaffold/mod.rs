//! Scaffolding: `init` (a new archive) and `new` (the next protocol of a body).
