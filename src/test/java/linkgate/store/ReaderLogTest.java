package linkgate.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReaderLogTest {
  private static List<String> pairs(byte[] blob, java.util.function.Predicate<String> articles) {
    List<String> out = new ArrayList<>();
    ReaderLog.decode(blob, articles, (id, reader) -> out.add(id + ":" + reader));
    return out;
  }

  @Test
  void encodeDecode_roundTrip_keepsEveryPairInOrder() {
    TreeMap<String, long[]> m = new TreeMap<>();
    m.put("b", new long[] {1, 2, 300, 70_000, 5_000_000_000L});
    m.put("a", new long[] {7});
    m.put("c", new long[] {});
    assertEquals(List.of("a:7", "b:1", "b:2", "b:300", "b:70000", "b:5000000000"), pairs(ReaderLog.encode(m), id -> true));
  }

  @Test
  void decode_skipsArticlesNotAskedFor() {
    TreeMap<String, long[]> m = new TreeMap<>();
    m.put("a", new long[] {1, 2});
    m.put("b", new long[] {3});
    m.put("c", new long[] {4, 5});
    assertEquals(List.of("b:3"), pairs(ReaderLog.encode(m), "b"::equals));
  }

  @Test
  void merge_isTheUnion_eachPairOnce() {
    Random random = new Random(3);
    List<byte[]> blobs = new ArrayList<>();
    java.util.TreeSet<String> expected = new java.util.TreeSet<>();
    for (int b = 0; b < 5; b++) {
      TreeMap<String, ReaderLog.LongList> lists = new TreeMap<>();
      for (int i = 0; i < 200; i++) {
        String id = "a" + random.nextInt(10);
        long reader = 1 + random.nextInt(50);
        lists.computeIfAbsent(id, x -> new ReaderLog.LongList()).add(reader);
        expected.add(id + ":" + reader);
      }
      TreeMap<String, long[]> m = new TreeMap<>();
      lists.forEach((id, l) -> m.put(id, l.sortedDistinct()));
      blobs.add(ReaderLog.encode(m));
    }
    List<String> merged = pairs(ReaderLog.merge(blobs), id -> true);
    assertEquals(expected.size(), merged.size());
    assertEquals(expected, new java.util.TreeSet<>(merged));
  }

  @Test
  void sortedDistinct_sortsAndDrops_duplicates() {
    ReaderLog.LongList l = new ReaderLog.LongList();
    for (long v : new long[] {5, 1, 5, 3, 1}) {
      l.add(v);
    }
    assertArrayEquals(new long[] {1, 3, 5}, l.sortedDistinct());
  }

  @Test
  void decode_unknownVersion_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> ReaderLog.decode(new byte[] {9}, id -> true, (id, r) -> { }));
  }
}
