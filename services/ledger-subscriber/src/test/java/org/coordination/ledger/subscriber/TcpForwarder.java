package org.coordination.ledger.subscriber;

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
 * Hand-written rather than Toxiproxy: Toxiproxy needs its server (Docker or a native binary), which these builds cannot have.
 * (The same class is in ledger/testsupport, which can also cut the network: a shared test module for one class is not worth a
 * reactor module.)
 */
public final class TcpForwarder implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicReference<InetSocketAddress> target = new AtomicReference<>();

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

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
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

    private static void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side closed
            } finally {
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
        server.close();
    }
}
