package linkgate.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ClickBatch}'s per-aggregate reader sets and its entry count, small and past the array. */
class ClickBatchTest {
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 7, 8, 9, 17, 1000})
  void readers_areDistinct_whateverTheirNumber(int distinct) {
    ClickBatch.Readers readers = new ClickBatch.Readers();
    Set<String> expected = new HashSet<>();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < distinct; i++) {
        String r = new String("reader-" + i); // equal, never the same instance
        assertEquals(expected.add(r), readers.add(r), r);
        assertTrue(readers.contains("reader-" + i));
      }
    }
    assertFalse(readers.contains("reader-" + distinct));
    assertEquals(distinct, readers.size());
    List<String> iterated = new ArrayList<>();
    readers.forEach(iterated::add);
    assertEquals(distinct, iterated.size());
    assertEquals(expected, new HashSet<>(iterated));
  }

  @Test
  void click_countsEntries_asAggregatesPlusReaders() {
    ClickBatch batch = new ClickBatch();
    for (int i = 0; i < 30; i++) {
      assertTrue(batch.click("a1", "r" + (i % 12), 0, 1000));
    }
    assertEquals(1 + 12, batch.entries());
    assertEquals(30, batch.size());
    assertEquals(12, batch.readers().size());
  }
}
