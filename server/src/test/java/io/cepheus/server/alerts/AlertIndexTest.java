package io.cepheus.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert index on its own: positions newest first, filters and pages, duplicates refused, status
 * records, statistics, retention, what a reopened index still holds (alerts, offsets, position), the
 * shadow filter, and an index of the earlier layout (version 1) migrated in place when it opens.
 */
class AlertIndexTest {

    @TempDir
    Path dir;

    static AlertIndex.AlertRecord alert(long offset, String id, String rule, String key, String severity, String fired,
                                        long indexed) {
        String json = "{\"rule\":\"" + rule + "\",\"version\":1,\"key\":\"" + key + "\",\"kind\":\"timeout\",\"first\":\""
                + fired + "\",\"last\":\"" + fired + "\",\"fired\":\"" + fired + "\",\"steps\":{},\"severity\":\""
                + severity + "\",\"id\":\"" + id + "\"}";
        return new AlertIndex.AlertRecord("alerts", 0, offset, indexed, json.getBytes(StandardCharsets.UTF_8));
    }

    static AlertIndex.AlertRecord shadowAlert(long offset, String id, String rule, String key) {
        String json = "{\"rule\":\"" + rule + "\",\"shadow\":true,\"version\":2,\"key\":\"" + key
                + "\",\"kind\":\"timeout\",\"fired\":\"2026-03-01T10:00:00Z\",\"id\":\"" + id + "\"}";
        return new AlertIndex.AlertRecord("alerts", 0, offset, 1, json.getBytes(StandardCharsets.UTF_8));
    }

    static AlertFilter shadow(boolean shadow) {
        return new AlertFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(shadow), Optional.empty(), Optional.empty());
    }

    static AlertIndex.StatusRecord status(long offset, AlertStatus s) {
        return new AlertIndex.StatusRecord("status", 0, offset, s.id(), StatusRecords.value(s));
    }

    static List<String> ids(AlertIndex.Listing l) {
        return l.items().stream().map(f -> f.alert().id()).toList();
    }

    static AlertFilter rule(String rule) {
        return new AlertFilter(Optional.of(rule), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    @Test
    void listsNewestFirstWithFiltersAndCursorsAndRefusesDuplicates() {
        try (AlertIndex index = AlertIndex.open(dir)) {
            int malformed = index.apply(List.of(
                    alert(0, "a1", "r", "k1", "high", "2026-03-01T10:00:00Z", 1),
                    alert(1, "b1", "other", "k1", "low", "2026-03-01T11:00:00Z", 1),
                    alert(2, "a2", "r", "k2", "low", "2026-03-02T10:00:00Z", 1),
                    alert(3, "a1", "r", "k1", "high", "2026-03-01T10:00:00Z", 1),
                    new AlertIndex.AlertRecord("alerts", 0, 4, 1, "not json".getBytes(StandardCharsets.UTF_8))));

            assertThat(malformed).isOne();
            assertThat(index.position()).isEqualTo(3);
            assertThat(index.nextOffset("alerts", 0)).hasValue(5);
            assertThat(ids(index.list(AlertFilter.ALL, OptionalLong.empty(), 10))).containsExactly("a2", "b1", "a1");
            assertThat(ids(index.list(rule("r"), OptionalLong.empty(), 10))).containsExactly("a2", "a1");
            AlertIndex.Listing first = index.list(rule("r"), OptionalLong.empty(), 1);
            assertThat(ids(first)).containsExactly("a2");
            assertThat(ids(index.list(rule("r"), first.next(), 1))).containsExactly("a1");
            assertThat(index.list(rule("r"), first.next(), 1).next()).as("the last page").isEmpty();
            assertThat(ids(index.list(new AlertFilter(Optional.empty(), Optional.of("k1"), Optional.of("high"),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), OptionalLong.empty(), 10)))
                    .containsExactly("a1");
            assertThat(ids(index.list(new AlertFilter(Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.of(Instant.parse("2026-03-01T10:30:00Z")),
                    Optional.of(Instant.parse("2026-03-02T10:00:00Z"))), OptionalLong.empty(), 10))).containsExactly("b1");
            assertThat(index.after(1, AlertFilter.ALL, 10).items()).extracting(f -> f.alert().id())
                    .containsExactly("b1", "a2");
        }
    }

    @Test
    void statusesFilterAndMakeTheStatistics() {
        try (AlertIndex index = AlertIndex.open(dir)) {
            index.apply(List.of(alert(0, "a1", "r", "k1", "high", "2026-03-01T10:00:00Z", 1),
                    alert(1, "a2", "r", "k2", "high", "2026-03-01T12:00:00Z", 1),
                    alert(2, "a3", "r", "k3", "high", "2026-03-03T10:00:00Z", 1)));
            index.apply(List.of(
                    status(0, new AlertStatus("a1", AlertStatus.State.RESOLVED, AlertStatus.Disposition.TRUE_POSITIVE,
                            List.of(), Instant.EPOCH, "me", 1)),
                    status(1, new AlertStatus("a2", AlertStatus.State.RESOLVED, AlertStatus.Disposition.BENIGN,
                            List.of(), Instant.EPOCH, "me", 1)),
                    status(2, new AlertStatus("a3", AlertStatus.State.ACKNOWLEDGED, null, List.of(), Instant.EPOCH, "me", 1))));

            assertThat(ids(index.list(new AlertFilter(Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(AlertStatus.State.RESOLVED), Optional.empty(), Optional.empty(), Optional.empty()),
                    OptionalLong.empty(), 10)))
                    .containsExactly("a2", "a1");
            RuleAlertStats stats = index.stats("r");
            assertThat(stats.alerts()).isEqualTo(3);
            assertThat(stats.perDay()).containsExactly(java.util.Map.entry(java.time.LocalDate.parse("2026-03-01"), 2L),
                    java.util.Map.entry(java.time.LocalDate.parse("2026-03-03"), 1L));
            assertThat(stats.precision()).isEqualTo(0.5);
            assertThat(stats.lastFired()).isEqualTo(Instant.parse("2026-03-03T10:00:00Z"));
            assertThat(index.stats("none").precision()).isNull();
        }
    }

    @Test
    void aStatusRecordWrittenBeforeRevisionsIsRevisionOne() {
        try (AlertIndex index = AlertIndex.open(dir)) {
            index.apply(List.of(alert(0, "a1", "r", "k1", "high", "2026-03-01T10:00:00Z", 1),
                    new AlertIndex.StatusRecord("status", 0, 0, "a1", ("{\"id\":\"a1\",\"status\":\"acknowledged\","
                            + "\"disposition\":null,\"comments\":[],\"updated\":\"2026-03-01T10:05:00Z\",\"by\":\"me\"}")
                            .getBytes(StandardCharsets.UTF_8))));

            assertThat(index.status("a1").revision()).isOne();
            assertThat(index.status("a1").next(AlertStatus.State.OPEN, null, List.of(), Instant.EPOCH, "you").revision())
                    .isEqualTo(2);
            assertThat(index.status("unknown").revision()).as("never changed").isZero();
        }
    }

    @Test
    void retentionDropsWhatWasIndexedBeforeTheCutOff() {
        try (AlertIndex index = AlertIndex.open(dir)) {
            index.apply(List.of(alert(0, "old", "r", "k", "low", "2026-03-01T10:00:00Z", 1_000),
                    alert(1, "new", "r", "k", "low", "2026-03-01T10:00:00Z", 5_000)));
            index.apply(List.of(status(0, new AlertStatus("old", AlertStatus.State.ACKNOWLEDGED, null, List.of(),
                    Instant.EPOCH, "me", 1))));

            assertThat(index.expire(Instant.ofEpochMilli(2_000))).isOne();

            assertThat(ids(index.list(rule("r"), OptionalLong.empty(), 10))).containsExactly("new");
            assertThat(index.get("old")).isEmpty();
            assertThat(index.status("old").status()).isEqualTo(AlertStatus.State.OPEN);
            assertThat(index.expire(Instant.ofEpochMilli(2_000))).isZero();
        }
    }

    @Test
    void aReopenedIndexHoldsItsAlertsOffsetsAndPosition() {
        try (AlertIndex index = AlertIndex.open(dir)) {
            index.apply(List.of(alert(6, "a1", "r", "k", "low", "2026-03-01T10:00:00Z", 1)));
        }
        try (AlertIndex index = AlertIndex.open(dir)) {
            assertThat(index.position()).isOne();
            assertThat(index.nextOffset("alerts", 0)).hasValue(7);
            assertThat(index.get("a1")).hasValueSatisfying(f -> assertThat(f.alert().key()).isEqualTo("k"));
            index.apply(List.of(alert(7, "a2", "r", "k", "low", "2026-03-01T10:00:00Z", 1)));
            assertThat(index.get("a2").orElseThrow().alert().position()).isEqualTo(2);
        }
    }

    @Test
    void theShadowFilterTellsAShadowsAlertsFromTheDeployedVersions() {
        try (AlertIndex index = AlertIndex.open(dir)) {
            index.apply(List.of(alert(0, "live", "r", "k", "low", "2026-03-01T10:00:00Z", 1), shadowAlert(1, "shadow", "r", "k")));

            assertThat(ids(index.list(shadow(true), OptionalLong.empty(), 10))).containsExactly("shadow");
            assertThat(ids(index.list(shadow(false), OptionalLong.empty(), 10))).containsExactly("live");
            assertThat(index.after(0, shadow(true), 10).items()).extracting(f -> f.alert().id()).containsExactly("shadow");
            assertThat(index.get("shadow").orElseThrow().alert().shadow()).isTrue();
        }
    }

    /** An alert value as version 1 of the layout wrote it: no format byte, no flags. */
    static byte[] version1Value(IndexedAlert a) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(a.written().toEpochMilli());
            out.writeLong(a.time().toEpochMilli());
            out.writeUTF(a.id());
            out.writeUTF(a.rule());
            out.writeUTF(a.key());
            out.writeUTF(a.severity() == null ? "" : a.severity());
            out.write(a.json());
        }
        return bytes.toByteArray();
    }

    /** Writes {@code records} as version 1 entries (the second one already rewritten, as by a migration cut short). */
    static void writeVersion1Index(Path dir, List<AlertIndex.AlertRecord> records) throws Exception {
        try (Options options = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(options, dir.toString())) {
            long position = 0;
            for (AlertIndex.AlertRecord r : records) {
                IndexedAlert a = IndexCodec.parse(++position, r.indexed(), r.json());
                db.put(IndexCodec.alertKey(position), position == 2 ? IndexCodec.value(a) : version1Value(a));
                db.put(IndexCodec.idKey(a.id()), IndexCodec.number(position));
                db.put(IndexCodec.ruleKey(a.rule(), position), new byte[0]);
                db.put(IndexCodec.timeKey(r.indexed(), position), new byte[0]);
                db.put(IndexCodec.offsetKey(r.topic(), r.partition()), IndexCodec.number(r.offset() + 1));
            }
            db.put(IndexCodec.META, IndexCodec.number(position));
        }
    }

    @Test
    void anIndexOfTheEarlierLayoutIsMigratedInPlaceKeepingPositionsAndOffsets() throws Exception {
        writeVersion1Index(dir, List.of(alert(10, "old-live", "r", "k1", "high", "2026-03-01T10:00:00Z", 1),
                shadowAlert(11, "old-rewritten", "r", "k2"), shadowAlert(12, "old-shadow", "r", "k3")));

        try (AlertIndex index = AlertIndex.open(dir)) {
            assertThat(index.migrated()).as("the two entries still of version 1").isEqualTo(2);
            assertThat(index.position()).isEqualTo(3);
            assertThat(index.nextOffset("alerts", 0)).as("the reader resumes, it does not re-read").hasValue(13);
            assertThat(ids(index.list(shadow(true), OptionalLong.empty(), 10))).containsExactly("old-shadow", "old-rewritten");
            assertThat(ids(index.list(rule("r"), OptionalLong.empty(), 10)))
                    .containsExactly("old-shadow", "old-rewritten", "old-live");
            IndexedAlert live = index.get("old-live").orElseThrow().alert();
            assertThat(live.position()).isOne();
            assertThat(live.severity()).isEqualTo("high");
            assertThat(live.written()).isEqualTo(Instant.ofEpochMilli(1));
            index.apply(List.of(alert(13, "new", "r", "k", "low", "2026-03-02T10:00:00Z", 1)));
            assertThat(index.get("new").orElseThrow().alert().position()).isEqualTo(4);
        }
        try (AlertIndex index = AlertIndex.open(dir)) {
            assertThat(index.migrated()).as("once only").isZero();
            assertThat(index.list(AlertFilter.ALL, OptionalLong.empty(), 10).items()).hasSize(4);
        }
    }

    @Test
    void anIndexOfANewerLayoutIsRefusedWithWhatToDo() throws Exception {
        try (Options options = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(options, dir.toString())) {
            db.put(IndexCodec.VERSION_KEY, java.nio.ByteBuffer.allocate(4).putInt(IndexCodec.VERSION + 1).array());
        }
        assertThatThrownBy(() -> AlertIndex.open(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the alert index was written by a newer Cepheus (layout version 3; this one reads up to 2):"
                        + " remove its directory and the node rebuilds it from the alerts topic");
    }
}
