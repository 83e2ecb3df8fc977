package linkgate.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ClickLogTest {
  private static List<String> decoded(byte[] blob, java.util.function.Predicate<String> articles) {
    List<String> out = new ArrayList<>();
    ClickLog.decode(blob, articles, (id, clicks, blocked) -> out.add(id + "=" + clicks + "/" + blocked),
        (id, reader) -> out.add(id + ":" + reader));
    return out;
  }

  private static ClickLog.Entry entry(long clicks, long blocked, long... readers) {
    return new ClickLog.Entry(clicks, blocked, readers);
  }

  @Test
  void encodeDecode_roundTrip_keepsCountsAndReadersInOrder() {
    TreeMap<String, ClickLog.Entry> m = new TreeMap<>();
    m.put("b", entry(9, 1, 1, 2, 300, 70_000, 5_000_000_000L));
    m.put("a", entry(1, 0, 7));
    m.put("c", entry(0, 4));
    assertEquals(List.of("a=1/0", "a:7", "b=9/1", "b:1", "b:2", "b:300", "b:70000", "b:5000000000", "c=0/4"),
        decoded(ClickLog.encode(m), id -> true));
  }

  @Test
  void decode_skipsArticlesNotAskedFor_andReadersWhenNotWanted() {
    TreeMap<String, ClickLog.Entry> m = new TreeMap<>();
    m.put("a", entry(2, 0, 1, 2));
    m.put("b", entry(1, 3, 3));
    m.put("c", entry(2, 0, 4, 5));
    byte[] blob = ClickLog.encode(m);
    assertEquals(List.of("b=1/3", "b:3"), decoded(blob, "b"::equals));
    List<String> countsOnly = new ArrayList<>();
    ClickLog.decode(blob, id -> true, (id, clicks, blocked) -> countsOnly.add(id + "=" + clicks), null);
    assertEquals(List.of("a=2", "b=1", "c=2"), countsOnly);
  }

  @Test
  void merge_sumsCountsAndUnitesReaders() {
    Random random = new Random(3);
    List<byte[]> blobs = new ArrayList<>();
    TreeSet<String> expectedReaders = new TreeSet<>();
    long[] expectedClicks = new long[10];
    for (int b = 0; b < 5; b++) {
      TreeMap<String, ClickLog.LongList> lists = new TreeMap<>();
      TreeMap<String, long[]> counts = new TreeMap<>();
      for (int i = 0; i < 200; i++) {
        int a = random.nextInt(10);
        long reader = 1 + random.nextInt(50);
        lists.computeIfAbsent("a" + a, x -> new ClickLog.LongList()).add(reader);
        counts.computeIfAbsent("a" + a, x -> new long[1])[0]++;
        expectedReaders.add("a" + a + ":" + reader);
        expectedClicks[a]++;
      }
      TreeMap<String, ClickLog.Entry> m = new TreeMap<>();
      lists.forEach((id, l) -> m.put(id, new ClickLog.Entry(counts.get(id)[0], 0, l.sortedDistinct())));
      blobs.add(ClickLog.encode(m));
    }
    TreeSet<String> readers = new TreeSet<>();
    long[] clicks = new long[10];
    ClickLog.decode(ClickLog.merge(blobs), id -> true,
        (id, c, blocked) -> clicks[Integer.parseInt(id.substring(1))] += c,
        (id, reader) -> assertEquals(true, readers.add(id + ":" + reader), "a reader twice"));
    assertEquals(expectedReaders, readers);
    assertArrayEquals(expectedClicks, clicks);
  }

  @Test
  void sortedDistinct_sortsAndDropsDuplicates() {
    ClickLog.LongList l = new ClickLog.LongList();
    for (long v : new long[] {5, 1, 5, 3, 1}) {
      l.add(v);
    }
    assertArrayEquals(new long[] {1, 3, 5}, l.sortedDistinct());
  }

  @Test
  void decode_unknownVersion_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> ClickLog.decode(new byte[] {9}, id -> true, null, null));
  }
}
