package org.coordination.ledger.eventstore;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads and writes the instants the ledger keeps as text without {@link java.time.format.DateTimeFormatter}, which
 * builds a map of fields per parse: two parses per event were a tenth of a rebuild's CPU, and on the group commit's
 * writer, which handles every command, the parses of effective times and the formatting of each event's
 * {@code time_stamp} were 6.5 % of its samples (docs/benchmarks.md, change 60). Read: the metadata's instants
 * ({@link Instant#toString()}: {@code 2025-11-18T08:00:00.123456Z}) and the event table's {@code time_stamp}
 * ({@code 2025-11-18T08:00:00.123Z}); anything not in exactly that shape (an offset, a leap second, a year beyond
 * 9999) goes to {@link Instant#parse}.
 */
public final class IsoInstant {

    private IsoInstant() {
    }

    public static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || length == 21 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
            return Instant.parse(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (length > 20) {
            if (text.charAt(19) != '.') {
                return Instant.parse(text);
            }
            int fraction = digits(text, 20, length - 1);
            if (fraction < 0) {
                return Instant.parse(text);
            }
            nanos = fraction * POWERS[9 - (length - 21)];
        } else if (text.charAt(19) != 'Z') {
            return Instant.parse(text);
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return Instant.parse(text); // refuses it (or reads a leap second) exactly as before
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (java.time.DateTimeException invalidDate) { // e.g. 2025-02-30
            return Instant.parse(text);
        }
    }

    /**
     * {@code instant} as Axon's JDBC engine writes an event's {@code time_stamp} ({@code DateTimeUtils.formatInstant}:
     * {@code 2025-11-18T08:00:00.123Z}, the fraction cut to three digits); the hash chain covers that text, so it is the
     * same text to the character. A year outside 0–9999 is left to Axon's formatter.
     */
    public static String formatMillis(Instant instant) {
        long seconds = instant.getEpochSecond();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            return org.axonframework.common.DateTimeUtils.formatInstant(instant);
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        StringBuilder out = new StringBuilder(24);
        pad(out, year, 4).append('-');
        pad(out, date.getMonthValue(), 2).append('-');
        pad(out, date.getDayOfMonth(), 2).append('T');
        pad(out, secondOfDay / 3_600, 2).append(':');
        pad(out, secondOfDay / 60 % 60, 2).append(':');
        pad(out, secondOfDay % 60, 2).append('.');
        return pad(out, instant.getNano() / 1_000_000, 3).append('Z').toString();
    }

    /**
     * Writes {@code instant} as PostgreSQL reads a {@code timestamptz} ({@code 2025-11-18 08:00:00.123457+00},
     * {@code 0044-03-15 12:00:00.000000+00 BC}), rounded to the microsecond half up as the JDBC driver
     * rounds a {@link java.sql.Timestamp}, so a row written by {@code COPY} holds what an insert of the same
     * values holds. No formatter: {@link Instant#toString()} was a quarter of a rebuild's writing.
     */
    public static void appendMicros(StringBuilder out, Instant instant) {
        long seconds = instant.getEpochSecond();
        long micros = (instant.getNano() + 500) / 1_000;
        if (micros == 1_000_000) {
            seconds++;
            micros = 0;
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int year = date.getYear();
        pad(out, year > 0 ? year : 1 - year, 4).append('-'); // year 0 is 1 BC
        pad(out, date.getMonthValue(), 2).append('-');
        pad(out, date.getDayOfMonth(), 2).append(' ');
        pad(out, secondOfDay / 3_600, 2).append(':');
        pad(out, secondOfDay / 60 % 60, 2).append(':');
        pad(out, secondOfDay % 60, 2).append('.');
        pad(out, (int) micros, 6).append("+00");
        if (year <= 0) {
            out.append(" BC");
        }
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        for (int power = POWERS[width - 1]; power > 1 && value < power; power /= 10) {
            out.append('0');
        }
        return out.append(value);
    }

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

    /** The number written in text[from, to), or -1 if a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
