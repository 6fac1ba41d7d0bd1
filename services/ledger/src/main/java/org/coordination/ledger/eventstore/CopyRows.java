package org.coordination.ledger.eventstore;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;

/**
 * The rows of a query, read as PostgreSQL's binary {@code COPY … TO STDOUT}: the server sends them without waiting to be
 * asked, while they are read here, where a cursor stops at each fetch until the client asks for the next. Columns come
 * as the server holds them: a {@code bigint} as 8 bytes, a {@code bytea} as its bytes, text as its UTF-8 bytes (the
 * driver's client encoding). The connection carries nothing else until the rows are read or {@link #close}d.
 */
public final class CopyRows implements AutoCloseable {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    private final PGCopyInputStream copy;
    private final DataInputStream in;
    private final byte[][] fields;
    private boolean ended;

    private CopyRows(PGCopyInputStream copy, int columns) {
        this.copy = copy;
        this.in = new DataInputStream(new BufferedInputStream(copy, 1 << 16));
        this.fields = new byte[columns][];
    }

    /** Starts the copy of {@code query}'s rows, which has {@code columns} columns. */
    public static CopyRows of(Connection connection, String query, int columns) throws SQLException {
        PGCopyInputStream copy = new PGCopyInputStream(connection.unwrap(PGConnection.class), "COPY (" + query + ") TO STDOUT (FORMAT binary)");
        CopyRows rows = new CopyRows(copy, columns);
        try {
            byte[] signature = new byte[SIGNATURE.length];
            rows.in.readFully(signature);
            if (!Arrays.equals(signature, SIGNATURE)) {
                throw new SQLException("not a binary COPY stream");
            }
            rows.in.readInt(); // flags: no OIDs since PostgreSQL 12
            rows.in.skipNBytes(rows.in.readInt()); // the header extension, none defined
        } catch (IOException e) {
            rows.close();
            throw new SQLException("reading the COPY header failed: " + e.getMessage(), e);
        }
        return rows;
    }

    /** Moves to the next row; false after the last. */
    public boolean next() throws SQLException {
        if (ended) {
            return false;
        }
        try {
            short count = in.readShort();
            if (count == -1) {
                ended = true;
                return false;
            }
            if (count != fields.length) {
                throw new SQLException("a COPY row of " + count + " columns, " + fields.length + " expected");
            }
            for (int i = 0; i < count; i++) {
                int length = in.readInt();
                if (length < 0) {
                    fields[i] = null;
                } else {
                    fields[i] = new byte[length];
                    in.readFully(fields[i]);
                }
            }
            return true;
        } catch (EOFException e) {
            throw new SQLException("the COPY stream ended before its trailer", e);
        } catch (IOException e) {
            throw new SQLException("reading the COPY stream failed: " + e.getMessage(), e);
        }
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

    /** Ends the copy, reading nothing more (cancelling it when rows are left), so the connection can be used again. */
    @Override
    public void close() throws SQLException {
        try {
            copy.close(); // cancels a copy still in progress
        } catch (IOException e) {
            throw new SQLException("ending the COPY failed: " + e.getMessage(), e);
        }
    }
}
