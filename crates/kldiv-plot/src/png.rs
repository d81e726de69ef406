//! SVG to anti-aliased PNG with resvg, loading the same embedded font.

use crate::{PlotError, err};

/// Rasterises SVG text made by [`Figure::to_svg`] to PNG bytes, with the embedded font.
///
/// # Errors
/// When the SVG does not parse or the PNG cannot be encoded.
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, PlotError> {
    let mut opt = resvg::usvg::Options::default();
    {
        let db = opt.fontdb_mut();
        db.load_font_data(dejavu::sans::regular().to_vec());
        db.load_font_data(dejavu::sans::oblique().to_vec());
        db.load_font_data(dejavu::sans::bold().to_vec());
        db.set_sans_serif_family("DejaVu Sans");
    }
    let tree = resvg::usvg::Tree::from_str(svg, &opt).map_err(err("svg"))?;
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| PlotError::new("empty figure"))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(err("png"))
}
