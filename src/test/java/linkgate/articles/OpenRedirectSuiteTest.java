package linkgate.articles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case of {@code open-redirect-cases.tsv} through {@link ArticleUrl} and, for the
 * accepted ones, checks with the {@link WhatwgHost} oracle that a browser following the stored
 * URL reaches exactly the host {@link ArticleUrl#host(String)} reports.
 */
class OpenRedirectSuiteTest {

  private static final String CASES = "/open-redirect-cases.tsv";
  private static final int MIN_CASES = 150;

  /** One line of the file; {@code input} is as written there (escaped), {@code raw} decoded. */
  record Case(int line, String family, String input, String raw, String expected) {

    boolean accepted() {
      return expected.startsWith("accept ");
    }

    String expectedUrl() {
      return expected.substring("accept ".length());
    }

    /** Words the rejection message must contain; empty for a bare "reject". */
    String expectedWords() {
      return expected.substring("reject".length()).trim();
    }

    @Override
    public String toString() {
      return family + " (line " + line + "): " + input + "  ->  " + expected;
    }
  }

  static List<Case> cases() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (InputStream in = OpenRedirectSuiteTest.class.getResourceAsStream(CASES)) {
      assertNotNull(in, CASES + " is missing from the test resources");
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String family = "unnamed";
      int lineNumber = 0;
      for (String line; (line = reader.readLine()) != null; ) {
        lineNumber++;
        if (line.startsWith("## ")) {
          family = line.substring(3).trim();
        }
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] columns = line.split("\t", -1);
        if (columns.length != 2
            || !(columns[1].equals("reject") || columns[1].startsWith("reject ")
                || columns[1].startsWith("accept "))) {
          throw new IllegalStateException(CASES + " line " + lineNumber
              + ": want INPUT<TAB>reject [words] or INPUT<TAB>accept URL, got: " + line);
        }
        cases.add(new Case(lineNumber, family, columns[0], unescape(columns[0], lineNumber), columns[1]));
      }
    }
    return cases;
  }

  /** Decodes {@code \t \n \r \\ \}{@code uXXXX}; any other backslash sequence is a typo in the file. */
  static String unescape(String s, int line) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char next = i + 1 < s.length() ? s.charAt(i + 1) : ' ';
      switch (next) {
        case 't' -> out.append('\t');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case '\\' -> out.append('\\');
        case 'u' -> {
          out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
          i += 4;
        }
        default -> throw new IllegalStateException(
            CASES + " line " + line + ": unknown escape \\" + next + " (write \\\\ for a backslash)");
      }
      i++;
    }
    return out.toString();
  }

  @Test
  void casesFile_hasAtLeast150Cases() throws IOException {
    List<Case> cases = cases();
    assertTrue(cases.size() >= MIN_CASES,
        CASES + " has " + cases.size() + " cases; keep at least " + MIN_CASES);
    assertTrue(cases.stream().anyMatch(Case::accepted), "some cases must be accepted");
    assertTrue(cases.stream().anyMatch(c -> !c.accepted()), "some cases must be rejected");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void canonical_openRedirectCase_matchesExpectation(Case c) throws Exception {
    if (!c.accepted()) {
      ArticleUrlTest.assertRejected(c.raw(), c.expectedWords());
      return;
    }
    String stored = ArticleUrl.canonical(c.raw());
    assertEquals(c.expectedUrl(), stored);
    assertTrue(stored.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7E), "stored URL must be printable ASCII");
    assertEquals(stored, ArticleUrl.canonical(stored), "canonical form must be stable");

    String host = ArticleUrl.host(stored);
    assertFalse(host.isEmpty());
    assertEquals(host, WhatwgHost.of(stored), "a browser following the stored URL goes to another host");
    String rawHost = WhatwgHost.of(c.raw());
    if (!rawHost.isEmpty()) {
      assertEquals(host, rawHost, "a browser reads the admin's input as another host than we stored");
    }
  }
}
