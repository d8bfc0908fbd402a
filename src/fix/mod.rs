//! Fix: apply the safe, machine-applicable fixes that diagnostics carry.
