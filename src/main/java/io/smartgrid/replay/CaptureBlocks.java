package io.smartgrid.replay;

import io.smartgrid.payload.Layout;
import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A capture read in large blocks and framed there, each payload given its lane by its sensor key: the framing is
 * {@link io.smartgrid.payload.Capture}'s (and stops where it stops, with the same words), one read a block.
 */
final class CaptureBlocks {
    static final int BLOCK_BYTES = 1 << 20;

    /**
     * Whole payloads back to back in {@code data}; the indexes of lane k's payloads, in capture order, are
     * {@code byLane[laneStart[k]]} to {@code byLane[laneStart[k + 1] - 1]}.
     */
    static final class Block {
        final byte[] data = new byte[BLOCK_BYTES];
        /** Where payload i starts; payload i ends where i + 1 starts. */
        final int[] starts;
        final int[] laneOf;
        final int[] byLane;
        final int[] laneStart;
        int count;
        /** Where data[0] lies in the capture, in bytes. */
        long offset;

        private Block(int lanes, int maxPayloads) {
            starts = new int[maxPayloads + 1];
            laneOf = new int[maxPayloads];
            byLane = new int[maxPayloads];
            laneStart = new int[lanes + 1];
        }

        /** Sorts the payloads' indexes by lane, keeping capture order within each (a counting sort). */
        private void sortByLane() {
            Arrays.fill(laneStart, 0);
            for (int i = 0; i < count; i++) {
                laneStart[laneOf[i] + 1]++;
            }
            for (int k = 1; k < laneStart.length; k++) {
                laneStart[k] += laneStart[k - 1];
            }
            int[] next = Arrays.copyOf(laneStart, laneStart.length - 1);
            for (int i = 0; i < count; i++) {
                byLane[next[laneOf[i]]++] = i;
            }
        }
    }

    private final InputStream in;
    private final PayloadDecoder decoder;
    private final int lanes;
    private final int smallestPayload;
    /** The start of a payload cut by the end of a block, for the next. */
    private final byte[] carry;
    private int carried;
    private long offset;
    private String stop;
    private boolean done;

    CaptureBlocks(InputStream in, PayloadFormat format, int lanes) {
        this.in = in;
        this.decoder = new PayloadDecoder(format);
        this.lanes = lanes;
        this.smallestPayload = format.layouts().stream().mapToInt(Layout::size).min().orElse(1);
        this.carry = new byte[format.layouts().stream().mapToInt(Layout::size).max().orElse(1)];
    }

    Block newBlock() {
        return new Block(lanes, BLOCK_BYTES / smallestPayload);
    }

    /** Fills {@code block} with the next whole payloads; false at the end (or where the rest cannot be framed). */
    boolean next(Block block) throws IOException {
        if (done) {
            return false;
        }
        System.arraycopy(carry, 0, block.data, 0, carried);
        int filled = carried;
        boolean eof = false;
        while (filled < block.data.length) {
            int n = in.read(block.data, filled, block.data.length - filled);
            if (n < 0) {
                eof = true;
                break;
            }
            filled += n;
        }
        block.offset = offset;
        block.count = 0;
        int pos = 0;
        while (pos < filled) {
            int type = block.data[pos] & 0xff;
            Layout layout = decoder.layoutOf(type);
            if (layout == null) {
                stop = "unknown feature type " + type + " at byte " + (offset + pos) + "; the rest of the capture cannot be framed";
                done = true;
                break;
            }
            if (pos + layout.size() > filled) {
                if (eof) {
                    stop = "capture ends inside a payload at byte " + (offset + pos) + " (" + (filled - pos) + " of "
                            + layout.size() + " bytes)";
                    done = true;
                }
                break;
            }
            block.laneOf[block.count] = Math.floorMod(PayloadDecoder.keyHash(block.data, pos, layout), lanes);
            block.starts[block.count++] = pos;
            pos += layout.size();
        }
        block.starts[block.count] = pos;
        block.sortByLane();
        offset += pos;
        carried = done ? 0 : filled - pos;
        System.arraycopy(block.data, pos, carry, 0, carried);
        done |= eof;
        return block.count > 0 || !done;
    }

    /** Why reading stopped before the end, or null. */
    String stop() {
        return stop;
    }
}
