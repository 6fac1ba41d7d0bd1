package org.coordination.ledger.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fixed local address for a service that is not there yet: connections are refused until a target
 * is set, then piped to it. Lets a test give the ledger a Kafka address before the broker exists.
 * It can also cut the network without closing anything ({@link #partition()}): what either side sends is held, and
 * neither side learns of it, as when packets are dropped between two hosts; {@link #heal()} lets it all through.
 * Hand-written rather than Toxiproxy: Toxiproxy needs its server (Docker or a native binary), which these builds cannot have.
 * (ledger-subscriber has the same class without the partition: a shared test module for one class is not worth a
 * reactor module.)
 */
public final class TcpForwarder implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicReference<InetSocketAddress> target = new AtomicReference<>();
    private boolean partitioned;

    public TcpForwarder() throws IOException {
        server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-forwarder");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void forwardTo(String host, int port) {
        target.set(new InetSocketAddress(host, port));
    }

    /** Nothing passes from now on, in either direction, and no connection is closed or opened through. */
    public synchronized void partition() {
        partitioned = true;
    }

    /** Everything held passes, in order, and connections closed meanwhile close on the other side too. */
    public synchronized void heal() {
        partitioned = false;
        notifyAll();
    }

    private synchronized void awaitNetwork() throws IOException {
        while (partitioned) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted during a partition", e);
            }
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                awaitNetwork(); // a connection made during a partition reaches nothing until it heals
                InetSocketAddress to = target.get();
                if (to == null) {
                    client.close(); // nothing listens behind us yet: as if the port were closed
                    continue;
                }
                Socket upstream = new Socket(to.getHostString(), to.getPort());
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                // a failed connection is the client's to retry
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                byte[] buffer = new byte[8192];
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    awaitNetwork();
                    out.write(buffer, 0, read);
                }
            } catch (IOException e) {
                // one side closed or reset
            } finally {
                try {
                    awaitNetwork(); // a close or a reset reaches the other side only once the network is back
                } catch (IOException interrupted) {
                    // closed now
                }
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "tcp-forwarder-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        heal();
        server.close();
    }
}
