package dev.trailflow.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Random values in the shapes AWS uses, all drawn from a caller's seeded generator. */
final class Rand {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final char[] BASE64 =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    /** First octets of public ranges: cloud providers for machines, consumer ISPs for people. */
    private static final int[] MACHINE_OCTETS = {3, 13, 18, 34, 35, 44, 52, 54, 99, 100, 107};
    private static final int[] HUMAN_OCTETS = {24, 73, 81, 85, 91, 98, 151, 176, 185, 203, 212, 217};

    private Rand() {}

    static String hex(SplittableRandom r, int n) {
        return chars(r, HEX, n);
    }

    static String alnum(SplittableRandom r, int n) {
        return chars(r, ALNUM, n);
    }

    static String upperAlnum(SplittableRandom r, int n) {
        return chars(r, UPPER_ALNUM, n);
    }

    static String base64(SplittableRandom r, int n) {
        return chars(r, BASE64, n);
    }

    static String digits(SplittableRandom r, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = (char) ('0' + r.nextInt(10));
        }
        return new String(c);
    }

    private static String chars(SplittableRandom r, char[] alphabet, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = alphabet[r.nextInt(alphabet.length)];
        }
        return new String(c);
    }

    /** Version-4 shaped, like CloudTrail's eventID and most requestIDs. */
    static String uuid(SplittableRandom r) {
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        char[] c = new char[36];
        int at = 0;
        for (int i = 0; i < 32; i++) {
            if (i == 8 || i == 12 || i == 16 || i == 20) {
                c[at++] = '-';
            }
            long word = i < 16 ? hi : lo;
            int shift = 60 - 4 * (i & 15);
            c[at++] = HEX[(int) (word >>> shift) & 0xF];
        }
        return new String(c);
    }

    static String pick(SplittableRandom r, String[] options) {
        return options[r.nextInt(options.length)];
    }

    /** Mostly the first few: a handful of buckets, instances and keys get most of the traffic. */
    static String pickSkewed(SplittableRandom r, String[] options) {
        double u = r.nextDouble();
        return options[(int) (options.length * u * u * u)];
    }

    static int weighted(SplittableRandom r, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = r.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** Cumulative probabilities of ranks 1..n under Zipf with exponent s. */
    static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        cdf[n - 1] = 1.0;
        return cdf;
    }

    static int sample(SplittableRandom r, double[] cdf) {
        int i = Arrays.binarySearch(cdf, r.nextDouble());
        return i >= 0 ? Math.min(i + 1, cdf.length - 1) : -i - 1;
    }

    static String ipv4(SplittableRandom r, boolean human) {
        int[] firsts = human ? HUMAN_OCTETS : MACHINE_OCTETS;
        return firsts[r.nextInt(firsts.length)] + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    static String ipv6(SplittableRandom r, boolean human) {
        StringBuilder b = new StringBuilder(human ? "2a02:8109" : "2600:1f18");
        for (int i = 0; i < 6; i++) {
            b.append(':').append(Integer.toHexString(r.nextInt(0x10000)));
        }
        return b.toString();
    }
}
