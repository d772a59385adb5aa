//! Reading posted form values that are not free text.

/// Whether a posted checkbox is ticked: browsers send `on` (or the input's `value`), and the
/// forms' own values are `1`, `true` or `yes`; an unticked box is not sent at all.
#[must_use]
pub fn checked(value: &str) -> bool {
    matches!(value, "on" | "1" | "true" | "yes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("on", true)]
    #[case("1", true)]
    #[case("true", true)]
    #[case("yes", true)]
    #[case("", false)]
    #[case("off", false)]
    #[case("0", false)]
    #[case("false", false)]
    fn ticked_boxes_are_recognised(#[case] value: &str, #[case] ticked: bool) {
        assert_eq!(checked(value), ticked);
    }
}
