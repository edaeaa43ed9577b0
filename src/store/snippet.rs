//! Search snippets: a few words of a matching text around its matches, each
//! match between [`MATCH_OPEN`] and [`MATCH_CLOSE`].
//!
//! FTS5's own `snippet()` is not used: it scores a window at every match by
//! walking every match of the text, and with trigram tokens and no positions
//! in the index, every trigram of a word searched counts as a match. Its
//! time grows with the square of a text's matches: a 1 MiB question and
//! reply, each full of the word searched, took 24 s to search. Here one
//! pass over the text finds the window, and only the window is written.

use std::collections::VecDeque;

/// Opens a match in a snippet (a private-use character).
pub const MATCH_OPEN: char = '\u{E000}';

/// Closes a match in a snippet.
pub const MATCH_CLOSE: char = '\u{E001}';

/// Characters a snippet shows, its ellipses aside: as many as FTS5's
/// `snippet()` showed with 24 trigram tokens.
const WIDTH: usize = 26;

/// Stands for the text a snippet leaves out at either end.
const ELLIPSIS: &str = "…";

/// The snippet of `text` for the search `words`: the first window of
/// [`WIDTH`] characters (from a match) whose whole matches include every
/// word, else the first that includes the most words. It starts where the
/// line or sentence of its first match starts if that is near enough to
/// keep its matches in it, else with its matches in the middle. Words match
/// as the search matches them: as substrings, ignoring ASCII case.
///
/// Time is linear in the text: a lowercase copy, and one pass over the
/// matches up to the window; writing the window takes time bounded by its
/// width.
pub fn snippet(text: &str, words: &[String]) -> String {
    let lower = text.to_ascii_lowercase();
    let mut needles: Vec<String> = words
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    needles.sort_unstable();
    needles.dedup();
    let start =
        best_window(&lower, &needles).map_or(0, |(first, last)| window_start(text, &first, &last));
    render(text, &lower, &needles, start)
}

/// One match of a word: where it starts, in bytes and in characters, where
/// it ends, in characters, and which word it is.
#[derive(Debug, Clone, Copy)]
struct Match {
    byte: usize,
    char: usize,
    end_char: usize,
    word: usize,
}

/// Every match of the `needles` in `lower`, in order of position; one
/// word's matches do not overlap one another.
fn matches<'a>(lower: &'a str, needles: &'a [String]) -> impl Iterator<Item = Match> + 'a {
    let mut each: Vec<_> = needles
        .iter()
        .map(|n| lower.match_indices(n.as_str()).peekable())
        .collect();
    let lengths: Vec<usize> = needles.iter().map(|n| n.chars().count()).collect();
    // Characters are counted from the previous match on, once each.
    let (mut byte, mut char) = (0, 0);
    std::iter::from_fn(move || {
        let (word, at) = each
            .iter_mut()
            .enumerate()
            .filter_map(|(word, m)| Some((word, m.peek()?.0)))
            .min_by_key(|&(word, at)| (at, word))?;
        each[word].next();
        char += lower[byte..at].chars().count();
        byte = at;
        Some(Match {
            byte,
            char,
            end_char: char + lengths[word],
            word,
        })
    })
}

/// The matches that fit in [`WIDTH`] characters from a first one, with how
/// many of each word they hold.
struct Window {
    matches: VecDeque<Match>,
    counts: Vec<usize>,
    words: usize,
}

impl Window {
    fn push(&mut self, m: Match) {
        if self.counts[m.word] == 0 {
            self.words += 1;
        }
        self.counts[m.word] += 1;
        self.matches.push_back(m);
    }

    fn pop(&mut self) {
        if let Some(m) = self.matches.pop_front() {
            self.counts[m.word] -= 1;
            if self.counts[m.word] == 0 {
                self.words -= 1;
            }
        }
    }
}

/// The first and last match of the snippet's window (see [`snippet`]), or
/// nothing if no word occurs.
fn best_window(lower: &str, needles: &[String]) -> Option<(Match, Match)> {
    let mut ahead = matches(lower, needles).peekable();
    let mut window = Window {
        matches: VecDeque::new(),
        counts: vec![0; needles.len()],
        words: 0,
    };
    let mut best: Option<(usize, Match, Match)> = None;
    loop {
        if window.matches.is_empty() {
            match ahead.next() {
                Some(m) => window.push(m),
                None => break,
            }
        }
        let first = window.matches[0];
        while let Some(m) = ahead.next_if(|m| m.end_char <= first.char + WIDTH) {
            window.push(m);
        }
        let last = window.matches[window.matches.len() - 1];
        if best.is_none_or(|(words, ..)| window.words > words) {
            best = Some((window.words, first, last));
        }
        if window.words == needles.len() {
            break;
        }
        window.pop();
    }
    best.map(|(_, first, last)| (first, last))
}

/// Where the window from `first` to `last` starts, in bytes (see
/// [`snippet`]). Reads at most [`WIDTH`] characters either side of `first`.
fn window_start(text: &str, first: &Match, last: &Match) -> usize {
    let spare = WIDTH.saturating_sub(last.end_char - first.char);
    // The starts of the characters before the first match, nearest first.
    let before: Vec<usize> = text[..first.byte]
        .char_indices()
        .rev()
        .map(|(b, _)| b)
        .take(WIDTH)
        .collect();
    let back = |n: usize| match n {
        0 => first.byte,
        n => before.get(n - 1).copied().unwrap_or(0),
    };
    if let Some(n) = (0..=spare.min(before.len())).find(|&n| starts_sentence(text, back(n))) {
        return back(n);
    }
    // Centred, but as full as the end of the text allows.
    let after = text[first.byte..].chars().take(WIDTH).count();
    back((spare / 2).max(WIDTH - after))
}

/// Whether a line or sentence starts at byte `at`: the text's start, after a
/// line feed, after a full stop, colon, question or exclamation mark and a
/// space, or after a Chinese full stop, question or exclamation mark.
fn starts_sentence(text: &str, at: usize) -> bool {
    let mut before = text[..at].chars().rev();
    match before.next() {
        None | Some('\n') => true,
        Some(c) if c.is_whitespace() => matches!(before.next(), Some('.' | ':' | '?' | '!')),
        Some(c) => matches!(c, '。' | '？' | '！'),
    }
}

/// The window of [`WIDTH`] characters from byte `start`, its matches marked
/// (cut at its end; overlapping or adjoining ones as one), with an ellipsis
/// for any text left out before or after it.
fn render(text: &str, lower: &str, needles: &[String], start: usize) -> String {
    let end = text[start..]
        .char_indices()
        .nth(WIDTH)
        .map_or(text.len(), |(b, _)| start + b);
    let mut marks = Vec::new();
    for needle in needles {
        // Far enough to hold a match that starts in the window.
        let mut limit = (end + needle.len()).min(lower.len());
        while !lower.is_char_boundary(limit) {
            limit += 1;
        }
        for (at, m) in lower[start..limit].match_indices(needle.as_str()) {
            let at = start + at;
            if at < end {
                marks.push((at, (at + m.len()).min(end)));
            }
        }
    }
    marks.sort_unstable();
    let mut out = String::with_capacity(end - start + 4 * ELLIPSIS.len());
    if start > 0 {
        out.push_str(ELLIPSIS);
    }
    let mut copied = start;
    let mut marks = marks.into_iter().peekable();
    while let Some((from, mut to)) = marks.next() {
        while let Some((_, next_to)) = marks.next_if(|&(next_from, _)| next_from <= to) {
            to = to.max(next_to);
        }
        out.push_str(&text[copied..from]);
        out.push(MATCH_OPEN);
        out.push_str(&text[from..to]);
        out.push(MATCH_CLOSE);
        copied = to;
    }
    out.push_str(&text[copied..end]);
    if end < text.len() {
        out.push_str(ELLIPSIS);
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The snippet with its marks as `«` and `»`.
    fn shown(text: &str, words: &[&str]) -> String {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        snippet(text, &words)
            .replace(MATCH_OPEN, "«")
            .replace(MATCH_CLOSE, "»")
    }

    const MAIL: &str = "Hello there, my printer is broken. I tried turning it off and on \
        again, but the printer still jams on every page. Please help me fix it.";

    #[test]
    fn a_short_text_is_shown_whole_with_its_matches_marked() {
        assert_eq!(
            shown("the printer is offline", &["printer"]),
            "the «printer» is offline"
        );
        assert_eq!(shown("short", &["short"]), "«short»");
    }

    #[test]
    fn words_match_as_substrings_ignoring_ascii_case() {
        assert_eq!(
            shown(
                "Disk usage at 95% on DB_PRIMARY",
                &["db_primary", "95%", "SAGE"]
            ),
            "…u«sage» at «95%» on «DB_PRIMARY»"
        );
        // Only ASCII letters fold, as in the search itself.
        assert_eq!(shown("café CAFÉ", &["café"]), "«café» CAFÉ");
    }

    #[test]
    fn the_window_starts_at_its_sentence_when_that_is_near() {
        assert_eq!(shown(MAIL, &["printer"]), "Hello there, my «printer» is…");
        assert_eq!(shown(MAIL, &["tried"]), "…I «tried» turning it off and…");
        assert_eq!(shown(MAIL, &["fix"]), "…Please help me «fix» it.");
        assert_eq!(
            shown("line one\nline two\nthe fuser is jammed", &["fuser"]),
            "…the «fuser» is jammed"
        );
    }

    #[test]
    fn otherwise_the_matches_are_centred_and_the_window_kept_full() {
        assert_eq!(shown(MAIL, &["every"]), "…l jams on «every» page. Plea…");
        assert_eq!(
            shown(
                "the toner of the printer on floor three is empty",
                &["empty"]
            ),
            "…er on floor three is «empty»"
        );
    }

    #[test]
    fn the_first_window_with_every_word_is_chosen() {
        assert_eq!(
            shown(MAIL, &["jams", "printer"]),
            "…the «printer» still «jams» on …"
        );
        // No window holds both: the first with one.
        assert_eq!(
            shown(MAIL, &["broken", "page"]),
            "…rinter is «broken». I tried …"
        );
    }

    #[test]
    fn overlapping_matches_are_marked_as_one() {
        assert_eq!(
            shown("the printers are offline", &["print", "printer", "ters"]),
            "the «printers» are offline"
        );
    }

    #[test]
    fn chinese_text_is_windowed_by_characters() {
        let text = "我想申请退款，订单号 A-1，请尽快处理我的退款申请，谢谢。客服人员说需要三天才能处理完毕，请耐心等待。";
        assert_eq!(
            shown(text, &["订单号"]),
            "我想申请退款，«订单号» A-1，请尽快处理我的退款申请…"
        );
        assert_eq!(
            shown(text, &["客服人员"]),
            "…«客服人员»说需要三天才能处理完毕，请耐心等待。"
        );
    }

    #[test]
    fn a_text_without_the_words_shows_its_start() {
        assert_eq!(shown(MAIL, &["scanner"]), "Hello there, my printer is…");
    }

    #[test]
    fn a_large_text_full_of_matches_gives_a_small_snippet() {
        let text = "printer jams; ".repeat(80_000);
        let s = shown(&text, &["printer", "jams"]);
        assert_eq!(s, "«printer» «jams»; «printer» «jams»…");
    }

    proptest! {
        /// Whatever the text, the snippet is a piece of it, of at most the
        /// window's width, whose marks each open on a word, and which marks
        /// a word when the text holds one.
        #[test]
        fn a_snippet_is_a_marked_piece_of_its_text(
            text in "[aAé字. \n]{0,60}",
            words in proptest::collection::vec("[aAé字.]{1,4}", 1..3),
        ) {
            let s = snippet(&text, &words);
            let body = s.strip_prefix(ELLIPSIS).unwrap_or(&s);
            let body = body.strip_suffix(ELLIPSIS).unwrap_or(body);
            let plain: String = body
                .chars()
                .filter(|&c| c != MATCH_OPEN && c != MATCH_CLOSE)
                .collect();
            prop_assert!(text.contains(&plain), "{s:?}");
            prop_assert!(plain.chars().count() <= WIDTH, "{s:?}");
            let lower = |s: &str| s.to_ascii_lowercase();
            for marked in body.split(MATCH_OPEN).skip(1) {
                let marked = lower(marked.split(MATCH_CLOSE).next().unwrap());
                prop_assert!(
                    words.iter().any(|w| marked.starts_with(&lower(w)) || lower(w).starts_with(&marked)),
                    "{s:?}"
                );
            }
            let occurs = words.iter().any(|w| lower(&text).contains(&lower(w)));
            prop_assert_eq!(s.contains(MATCH_OPEN), occurs, "{:?}", s);
        }
    }
}
