package dev.trailflow.job.sources;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the CloudTrail files of a path from a given day on, listing only what can hold them: the
 * account, organization and region folders of CloudTrail's layout
 * ({@code AWSLogs/[o-ORGID/]ACCOUNT/CloudTrail[-Insight]/REGION/YYYY/MM/DD/}), or Firehose's
 * ({@code PREFIX/YYYY/MM/DD/HH/}), and of their dated folders only those on or after the first day.
 * A poll thus costs a few listings per account and region whatever the years of history beside
 * them. A path of no known layout is walked whole, as Flink's own monitor does.
 */
public final class BucketLayout {

    private static final Logger LOG = LoggerFactory.getLogger(BucketLayout.class);

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ORG = Pattern.compile("o-[a-z0-9]{10,32}");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern TWO_DIGITS = Pattern.compile("\\d{2}");

    /** How a folder is listed; a test counts the calls (each is one LIST request on S3). */
    public interface Lister {
        FileStatus[] list(Path dir) throws IOException;
    }

    /** What one walk found: the files, and whether any part of it had no known layout. */
    public static final class Found {
        public final List<FileStatus> files = new ArrayList<>();
        public boolean generic;
    }

    private final Lister lister;
    private final Predicate<Path> accept;

    public BucketLayout(Lister lister, Predicate<Path> accept) {
        this.lister = lister;
        this.accept = accept;
    }

    /** Lists through the path's own file system, a folder that is gone being empty. */
    public static Lister fileSystem() {
        return dir -> {
            FileSystem fs = dir.getFileSystem();
            try {
                return TolerantFileEnumerator.list(fs, dir);
            } catch (FileNotFoundException e) {
                return new FileStatus[0];
            }
        };
    }

    /** The days whose dated folders are listed, UTC, both ends included. */
    public static final class Days {
        final LocalDate from;
        final LocalDate to;

        public Days(LocalDate from, LocalDate to) {
            this.from = from;
            this.to = to;
        }

        boolean year(int y) {
            return y >= from.getYear() && y <= to.getYear();
        }

        boolean month(int y, int m) {
            int ym = y * 12 + m;
            return ym >= from.getYear() * 12 + from.getMonthValue() && ym <= to.getYear() * 12 + to.getMonthValue();
        }

        boolean day(int y, int m, int d) {
            try {
                LocalDate date = LocalDate.of(y, m, d);
                return !date.isBefore(from) && !date.isAfter(to);
            } catch (java.time.DateTimeException notADate) {
                return false;
            }
        }
    }

    /**
     * @param days the days whose dated folders are listed; files found on the way, at a level where
     *     none is expected, are returned too
     */
    public Found walk(Path root, Days days) throws IOException {
        Found found = new Found();
        walk(withoutTrailingSlash(root), days, found);
        return found;
    }

    /** A folder's URI often ends with a slash (a local folder's always does), and its name is then empty. */
    static Path withoutTrailingSlash(Path p) {
        java.net.URI u = p.toUri();
        String path = u.getPath();
        if (path == null || path.length() <= 1 || !path.endsWith("/")) {
            return p;
        }
        try {
            return new Path(new java.net.URI(u.getScheme(), u.getAuthority(), path.replaceAll("/+$", ""), null, null));
        } catch (java.net.URISyntaxException e) {
            return p;
        }
    }

    private void walk(Path dir, Days from, Found found) throws IOException {
        String name = dir.getName();
        if ("AWSLogs".equals(name)) {
            for (FileStatus c : children(dir, found)) {
                String n = c.getPath().getName();
                if (ACCOUNT.matcher(n).matches()) {
                    account(c.getPath(), from, found);
                } else if (ORG.matcher(n).matches()) {
                    for (FileStatus a : children(c.getPath(), found)) {
                        if (ACCOUNT.matcher(a.getPath().getName()).matches()) {
                            account(a.getPath(), from, found);
                        }
                    }
                }
            }
            return;
        }
        if (ACCOUNT.matcher(name).matches() && dir.getParent() != null
                && ("AWSLogs".equals(dir.getParent().getName()) || ORG.matcher(dir.getParent().getName()).matches())) {
            account(dir, from, found);
            return;
        }
        if (isTrailFolder(name)) {
            regions(dir, from, found);
            return;
        }
        if (dir.getParent() != null && isTrailFolder(dir.getParent().getName())) {
            dated(dir, from, found, false);
            return;
        }
        FileStatus[] children = lister.list(dir);
        boolean years = false;
        for (FileStatus c : children) {
            if (c.isDir() && "AWSLogs".equals(c.getPath().getName())) {
                walk(c.getPath(), from, found);
                return;
            }
            years |= c.isDir() && YEAR.matcher(c.getPath().getName()).matches();
        }
        if (years) {
            // Firehose: PREFIX/YYYY/MM/DD/HH/
            datedChildren(children, dir, from, found, true);
            return;
        }
        found.generic = true;
        for (FileStatus c : children) {
            everything(c, found);
        }
    }

    private static boolean isTrailFolder(String name) {
        return "CloudTrail".equals(name) || "CloudTrail-Insight".equals(name);
    }

    private void account(Path account, Days from, Found found) throws IOException {
        for (FileStatus c : children(account, found)) {
            if (c.isDir() && isTrailFolder(c.getPath().getName())) {
                regions(c.getPath(), from, found);
            }
        }
    }

    private void regions(Path trail, Days from, Found found) throws IOException {
        for (FileStatus region : children(trail, found)) {
            if (region.isDir()) {
                dated(region.getPath(), from, found, false);
            }
        }
    }

    private void dated(Path dir, Days from, Found found, boolean hours) throws IOException {
        datedChildren(lister.list(dir), dir, from, found, hours);
    }

    /** YYYY, then MM, then DD folders on or after {@code from}; with {@code hours}, the HH folders below. */
    private void datedChildren(FileStatus[] years, Path dir, Days from, Found found, boolean hours)
            throws IOException {
        for (FileStatus y : years) {
            if (!y.isDir()) {
                file(y, found);
                continue;
            }
            String yn = y.getPath().getName();
            if (!YEAR.matcher(yn).matches() || !from.year(Integer.parseInt(yn))) {
                continue;
            }
            int year = Integer.parseInt(yn);
            for (FileStatus m : children(y.getPath(), found)) {
                String mn = m.getPath().getName();
                if (!m.isDir() || !TWO_DIGITS.matcher(mn).matches()) {
                    continue;
                }
                int month = Integer.parseInt(mn);
                if (!from.month(year, month)) {
                    continue;
                }
                for (FileStatus d : children(m.getPath(), found)) {
                    String dn = d.getPath().getName();
                    if (!d.isDir() || !TWO_DIGITS.matcher(dn).matches()) {
                        continue;
                    }
                    int day = Integer.parseInt(dn);
                    if (!from.day(year, month, day)) {
                        continue;
                    }
                    for (FileStatus f : children(d.getPath(), found)) {
                        if (f.isDir() && hours) {
                            for (FileStatus h : children(f.getPath(), found)) {
                                file(h, found);
                            }
                        } else {
                            file(f, found);
                        }
                    }
                }
            }
        }
    }

    /** The folder's sub-folders; its files are taken on the way, at no extra cost. */
    private List<FileStatus> children(Path dir, Found found) throws IOException {
        List<FileStatus> dirs = new ArrayList<>();
        for (FileStatus c : lister.list(dir)) {
            if (c.isDir()) {
                if (accept.test(c.getPath())) {
                    dirs.add(c);
                }
            } else {
                file(c, found);
            }
        }
        return dirs;
    }

    private void file(FileStatus f, Found found) {
        if (!f.isDir() && accept.test(f.getPath())) {
            found.files.add(f);
        }
    }

    private void everything(FileStatus s, Found found) throws IOException {
        if (!accept.test(s.getPath())) {
            return;
        }
        if (!s.isDir()) {
            found.files.add(s);
            return;
        }
        for (FileStatus c : lister.list(s.getPath())) {
            everything(c, found);
        }
    }

    /** The UTC day of an instant in epoch millis. */
    static LocalDate day(long millis) {
        return java.time.Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
    }

    static void warnGeneric(Path root) {
        LOG.warn("{} has no CloudTrail or Firehose layout (AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD or "
                + "PREFIX/YYYY/MM/DD/HH): every poll lists all of it and every file read is remembered", root);
    }
}
