//! Free text typed into a form: the one cleaner every form uses.

use super::error::Problem;

/// Cleans a free-text field: line breaks become `\n`, surrounding whitespace goes, inner
/// whitespace stays. Refuses control characters (line breaks and tabs are allowed only where
/// `multiline`), then more than `max` characters.
///
/// # Errors
/// [`Problem::ControlCharacters`] or [`Problem::TooLong`].
pub fn clean(raw: &str, max: usize, multiline: bool) -> Result<String, Problem> {
    let value = raw.replace("\r\n", "\n").replace('\r', "\n");
    let value = value.trim();
    let kept_whitespace = |c: char| multiline && (c == '\n' || c == '\t');
    if value.chars().any(|c| c.is_control() && !kept_whitespace(c)) {
        return Err(Problem::ControlCharacters);
    }
    if value.chars().count() > max {
        return Err(Problem::TooLong { max });
    }
    Ok(value.to_owned())
}

/// Like [`clean`] for one line, and the field must not be blank.
///
/// # Errors
/// [`Problem::ControlCharacters`], [`Problem::TooLong`] or [`Problem::Required`].
pub fn required(raw: &str, max: usize) -> Result<String, Problem> {
    match clean(raw, max, false)? {
        value if value.is_empty() => Err(Problem::Required),
        value => Ok(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("  San Salvador ", 200, false, Ok("San Salvador"))]
    #[case("Línea uno\r\nLínea dos", 200, true, Ok("Línea uno\nLínea dos"))]
    #[case("Vegetariana\rSin gluten", 200, true, Ok("Vegetariana\nSin gluten"))]
    #[case("a\tb", 200, true, Ok("a\tb"))]
    #[case("A\nB", 200, false, Err(Problem::ControlCharacters))]
    #[case("Jefa\r\nBcc: x@y.z", 200, false, Err(Problem::ControlCharacters))]
    #[case("silla\u{0}", 200, true, Err(Problem::ControlCharacters))]
    #[case("San\u{7}Salvador", 200, false, Err(Problem::ControlCharacters))]
    #[case(" ñññññ ", 5, false, Ok("ñññññ"))]
    #[case("ññññññ", 5, false, Err(Problem::TooLong { max: 5 }))]
    #[case("", 5, false, Ok(""))]
    fn text_is_trimmed_and_checked(
        #[case] raw: &str,
        #[case] max: usize,
        #[case] multiline: bool,
        #[case] expected: Result<&str, Problem>,
    ) {
        assert_eq!(clean(raw, max, multiline), expected.map(str::to_owned));
    }

    #[rstest]
    #[case("  ", Err(Problem::Required))]
    #[case(" Ana ", Ok("Ana"))]
    #[case("A\u{1b}", Err(Problem::ControlCharacters))]
    fn required_text_must_not_be_blank(#[case] raw: &str, #[case] expected: Result<&str, Problem>) {
        assert_eq!(required(raw, 200), expected.map(str::to_owned));
    }
}
