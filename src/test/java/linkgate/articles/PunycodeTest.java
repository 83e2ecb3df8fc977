package linkgate.articles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PunycodeTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "bcher-kva, bücher",
      "strae-oqa, straße",
      "r8jz45g, 例え",
      "zckzah, テスト",
      "n3h, ☃",
      "mnchen-3ya, münchen"})
  void decode_validLabel_returnsUnicode(String encoded, String decoded) {
    assertEquals(decoded, Punycode.decode(encoded));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"zz", "99999999999", "a-b-!", "bcher-kv"})
  void decode_brokenLabel_returnsNull(String encoded) {
    assertNull(Punycode.decode(encoded));
  }
}
