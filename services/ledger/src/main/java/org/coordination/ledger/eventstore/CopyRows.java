package org.coordination.ledger.eventstore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The rows of a query, read as PostgreSQL's binary {@code COPY … TO STDOUT}: the server sends them without waiting to be
 * asked, while they are read here, where a cursor stops at each fetch until the client asks for the next. Columns come
 * as the server holds them: a {@code bigint} as 8 bytes, a {@code bytea} as its bytes, text as its UTF-8 bytes (the
 * driver's client encoding). Parsed straight from the driver's messages (the server sends a row per message), with no
 * stream, buffer or lock per value in between: the verifications spend most of their reading here. The connection
 * carries nothing else until the rows are read or {@link #close}d.
 */
public final class CopyRows implements AutoCloseable {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    private final CopyOut copy;
    private final byte[][] fields;
    /** The bytes not read yet are {@code buffer[position, limit)}. */
    private byte[] buffer = new byte[0];
    private int position;
    private int limit;
    private boolean ended;

    private CopyRows(CopyOut copy, int columns) {
        this.copy = copy;
        this.fields = new byte[columns][];
    }

    /** Starts the copy of {@code query}'s rows, which has {@code columns} columns. */
    public static CopyRows of(Connection connection, String query, int columns) throws SQLException {
        CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + query + ") TO STDOUT (FORMAT binary)");
        CopyRows rows = new CopyRows(copy, columns);
        try {
            rows.require(SIGNATURE.length + 8);
            if (!Arrays.equals(rows.buffer, rows.position, rows.position + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
                throw new SQLException("not a binary COPY stream");
            }
            rows.position += SIGNATURE.length;
            rows.readInt(); // flags: no OIDs since PostgreSQL 12
            int extension = rows.readInt(); // the header extension, none defined
            rows.require(extension);
            rows.position += extension;
        } catch (SQLException e) {
            rows.close();
            throw e;
        }
        return rows;
    }

    /** Moves to the next row; false after the last. */
    public boolean next() throws SQLException {
        if (ended) {
            return false;
        }
        require(2);
        short count = (short) (((buffer[position] & 0xff) << 8) | (buffer[position + 1] & 0xff));
        position += 2;
        if (count == -1) {
            ended = true;
            while (copy.readFromCopy() != null) {
                // nothing follows the trailer; this reads the end of the copy, so the connection is free again
            }
            return false;
        }
        if (count != fields.length) {
            throw new SQLException("a COPY row of " + count + " columns, " + fields.length + " expected");
        }
        for (int i = 0; i < count; i++) {
            int length = readInt();
            if (length < 0) {
                fields[i] = null;
            } else {
                require(length);
                fields[i] = Arrays.copyOfRange(buffer, position, position + length);
                position += length;
            }
        }
        return true;
    }

    /** Column {@code index} (from 1, as in JDBC) of the current row, as sent; null for NULL. */
    public byte[] bytes(int index) {
        return fields[index - 1];
    }

    /** A {@code bigint} column (from 1). */
    public long getLong(int index) {
        byte[] value = fields[index - 1];
        if (value == null || value.length != Long.BYTES) {
            throw new IllegalStateException("column " + index + " is not a bigint");
        }
        long result = 0;
        for (byte b : value) {
            result = (result << 8) | (b & 0xff);
        }
        return result;
    }

    /**
     * Ends the copy so the connection can be used again: the rows left are read and dropped. Not cancelled: a cancel
     * that reaches the server after it has sent the last row left the driver reading the copy's end as a query's rows
     * ("Received resultset tuples, but no field structure for them") on the connection's next query.
     */
    @Override
    public void close() throws SQLException {
        while (copy.isActive() && copy.readFromCopy() != null) {
            // dropped
        }
        ended = true;
    }

    private int readInt() throws SQLException {
        require(4);
        int value = ((buffer[position] & 0xff) << 24) | ((buffer[position + 1] & 0xff) << 16) | ((buffer[position + 2] & 0xff) << 8)
                | (buffer[position + 3] & 0xff);
        position += 4;
        return value;
    }

    /** At least {@code bytes} unread bytes, from the next messages if need be. */
    private void require(int bytes) throws SQLException {
        while (limit - position < bytes) {
            byte[] message = copy.readFromCopy();
            if (message == null) {
                throw new SQLException("the COPY stream ended before its trailer");
            }
            if (position == limit) {
                buffer = message;
            } else { // a value across two messages (the header comes in the first row's): join what is left with the next
                byte[] joined = Arrays.copyOf(Arrays.copyOfRange(buffer, position, limit), limit - position + message.length);
                System.arraycopy(message, 0, joined, limit - position, message.length);
                buffer = joined;
            }
            position = 0;
            limit = buffer.length;
        }
    }
}
