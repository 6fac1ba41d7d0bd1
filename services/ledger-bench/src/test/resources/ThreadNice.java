import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by JvmArgsTest under the ledger's jvm.args: a thread at each of Java's priorities 1, 5 and 10 prints the nice
 * value Linux gives it ("priority=nice"), read from /proc/thread-self/stat (the 19th field, the 17th after the name).
 */
public class ThreadNice {
    public static void main(String[] arguments) throws Exception {
        for (int priority : new int[] {Thread.MIN_PRIORITY, Thread.NORM_PRIORITY, Thread.MAX_PRIORITY}) {
            Thread thread = new Thread(() -> {
                Thread.currentThread().setPriority(priority);
                try {
                    String stat = Files.readString(Path.of("/proc/thread-self/stat"));
                    System.out.println(priority + "=" + stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            thread.join();
        }
    }
}
