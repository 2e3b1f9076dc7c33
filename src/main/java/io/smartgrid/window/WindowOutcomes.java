package io.smartgrid.window;

import java.util.List;

/**
 * What became of the storage windows handed out: a window is noted closed (and its journalled readings go) only once
 * its point was stored, spooled or dead-lettered. One the disk would not take waits, and goes out again once it does.
 */
public interface WindowOutcomes {
    /** Points stored, spooled or dead-lettered for this many storage windows. */
    void kept(int windows);

    /** The disk refused these windows' point: ingest pauses, and they go out again once the disk takes writes. */
    void notKept(List<ClosedWindow> windows, String problem);

    /** Something that had to be kept was not (a dead letter, say): ingest pauses until the disk takes writes. */
    void storageFailed(String problem);
}
