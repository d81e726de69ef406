//! `kldiv notebook` (and `kldiv` alone): the seed chapter.

use super::check_dpi;
use crate::cli::NotebookArgs;
use crate::output::Failure;

pub fn run(a: &NotebookArgs) -> Result<(), Failure> {
    check_dpi(a.dpi)?;
    crate::notebook::run(&a.out, a.dpi).map_err(Failure::from)?;
    Ok(())
}
