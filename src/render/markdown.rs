//! Markdown → safe HTML.

/// Renders Markdown to HTML that is safe to put in a page.
#[must_use]
pub fn to_html(md: &str) -> String {
    let parser = pulldown_cmark::Parser::new(md);
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, parser);
    ammonia::clean(&out)
}
