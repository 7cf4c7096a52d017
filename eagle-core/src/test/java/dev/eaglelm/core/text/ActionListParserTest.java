package dev.eaglelm.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ActionListParserTest {

    static List<String> texts(ActionListParser.Result r) {
        return r.items().stream().map(ActionListParser.Item::text).toList();
    }

    @Test
    void numberedListsWithPreambleAndChatter() {
        ActionListParser.Result r = ActionListParser.parse("""
                Sure! Here are 4 edits for the movie:

                1. Add a subplot about a stolen violin.
                2) "Make the villain a retired magician."
                (3) **Set the story in 1920s Shanghai.**
                #4. Shorten the runtime to make the film more accessible.
                I hope these help!
                """);
        assertEquals(List.of("Add a subplot about a stolen violin.", "Make the villain a retired magician.",
                "Set the story in 1920s Shanghai.", "Shorten the runtime to make the film more accessible."), texts(r));
        assertEquals("list", r.format());
        assertEquals(2, r.junk().size(), r.junk().toString());
    }

    @Test
    void bulletsCategoryPrefixesAndHeadings() {
        ActionListParser.Result r = ActionListParser.parse("""
                ## Plot changes
                - Add a heist in the second act.
                * [Character enhancements] Give the detective a twin.
                • **Thematic exploration:** Explore grief more deeply.
                Audience appeal adjustments:
                - Audience appeal adjustments: Make it a family comedy.
                """);
        assertEquals(List.of("Add a heist in the second act.", "Give the detective a twin.",
                "Explore grief more deeply.", "Make it a family comedy."), texts(r));
        assertEquals(List.of("Plot changes", "Character enhancements", "Thematic exploration",
                "Audience appeal adjustments"), r.items().stream().map(ActionListParser.Item::category).toList());
    }

    @Test
    void jsonArraysObjectsAndFences() {
        assertEquals(List.of("Add a dragon.", "Make it darker."),
                texts(ActionListParser.parse("[\"Add a dragon.\", \"Make it darker.\"]")));
        ActionListParser.Result r = ActionListParser.parse("""
                Here you go:
                ```json
                {"actions": [{"category": "plot changes", "action": "Add a dragon."},
                             {"category": "character enhancements", "text": "Give the king a limp."},
                             {"foo": 1}, 42]}
                ```
                """);
        assertEquals("json", r.format());
        assertEquals(List.of("Add a dragon.", "Give the king a limp."), texts(r));
        assertEquals("character enhancements", r.items().get(1).category());
        assertEquals(3, r.junk().size(), r.junk().toString()); // the preamble, {"foo":1} and 42
    }

    @Test
    void wrappersThatSmallModelsAddAreRemoved() {
        ActionListParser.Result r = ActionListParser.parse("""
                1. A: 2. Add a lighthouse to the final act.
                2. <<make the hero older>>
                3. <Title>Give the dog a voice</Title>
                """);
        assertEquals(List.of("Add a lighthouse to the final act.", "make the hero older", "Give the dog a voice"),
                texts(r));
    }

    @Test
    void unnumberedLinesFromWeakModelsAndPureJunk() {
        ActionListParser.Result r = ActionListParser.parse("Add a dragon to the finale.\nMake the hero older.\n");
        assertEquals("lines", r.format());
        assertEquals(2, r.items().size());
        ActionListParser.Result broken = ActionListParser.parse("[\"unterminated json");
        assertEquals(1, broken.items().size(), "broken JSON falls back to lines");
        assertTrue(ActionListParser.parse("").items().isEmpty());
        assertTrue(ActionListParser.parse("   \n\n ").items().isEmpty());
        ActionListParser.Result headingsOnly = ActionListParser.parse("Plot changes:\n## Ideas\n");
        assertTrue(headingsOnly.items().isEmpty());
        assertEquals(2, headingsOnly.junk().size());
    }
}
