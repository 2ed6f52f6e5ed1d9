//! Integration tests of the `dyad` binary, one module per area.

#[path = "cli/archives.rs"]
mod archives;
#[path = "cli/commitments.rs"]
mod commitments;
#[path = "cli/common.rs"]
mod common;
#[path = "cli/explain.rs"]
mod explain;
#[path = "cli/hostile.rs"]
mod hostile;
#[path = "cli/persons.rs"]
mod persons;
#[path = "cli/readme.rs"]
mod readme;
#[path = "cli/rules.rs"]
mod rules;
