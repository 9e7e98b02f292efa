import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;

/**
 * Nanoseconds to deflate (gzip's algorithm, level 6, a new Deflater each time as Netty makes one per response) a
 * details body: {@code java benchmarks/gzip/GzipCost.java benchmarks/gzip/body.json}. body.json has the shape of a
 * full-plot details answer (1,481 B).
 */
public class GzipCost {
    public static void main(String[] args) throws Exception {
        byte[] body = Files.readAllBytes(Path.of(args[0]));
        byte[] out = new byte[body.length + 64];
        long sink = 0;
        for (int round = 0; round < 5; round++) {
            int n = 200_000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Deflater deflater = new Deflater(6, true);
                deflater.setInput(body);
                deflater.finish();
                sink += deflater.deflate(out);
                deflater.end();
            }
            long per = (System.nanoTime() - start) / n;
            System.out.println("round " + round + ": " + per + " ns per body of " + body.length + " B (sink " + sink % 7 + ")");
        }
    }
}
