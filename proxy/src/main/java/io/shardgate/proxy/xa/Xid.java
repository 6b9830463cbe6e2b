package io.shardgate.proxy.xa;

import java.nio.charset.StandardCharsets;

/**
 * The id of one XA branch shardgate created. Three parts, all ASCII so that {@code XA RECOVER} shows them as text on
 * MySQL and MariaDB alike:
 * <ul>
 *   <li>format id {@link #FORMAT_ID} ("SG", version 1): what recovery looks for, so it never touches a branch some
 *       other transaction manager created;</li>
 *   <li>gtrid {@code <transaction>.<branch>}: the transaction's id ({@link XidSource}: creation time, a random id of
 *       the proxy instance, a counter; unique across restarts and across proxies sharing backends) and the
 *       branch's number within it, so that two nodes on one server never share an xid;</li>
 *   <li>bqual: the node that holds the transaction's commit decision ({@link DecisionTable}), so that whoever
 *       finds the branch prepared knows where to look.</li>
 * </ul>
 *
 * @param transaction the transaction's id, the key of its decision row
 * @param branch the branch's number within the transaction, from 1
 * @param decisionNode the node whose decision table holds the transaction's outcome
 */
public record Xid(String transaction, int branch, String decisionNode) {

    /** "SG" and format version 1. */
    public static final int FORMAT_ID = 0x53470001;
    /** MySQL's limit on each of gtrid and bqual. */
    static final int MAX_PART = 64;

    public Xid {
        if (gtridOf(transaction, branch).length() > MAX_PART
                || decisionNode.getBytes(StandardCharsets.UTF_8).length > MAX_PART) {
            throw new IllegalArgumentException("xid part longer than " + MAX_PART + " bytes");
        }
    }

    public String gtrid() {
        return gtridOf(transaction, branch);
    }

    private static String gtridOf(String transaction, int branch) {
        return transaction + "." + branch;
    }

    /** The xid as XA statements take it: {@code 'gtrid','bqual',formatID}, strings in hex (any byte is safe). */
    public String sql() {
        return "X'" + hex(gtrid()) + "',X'" + hex(decisionNode) + "'," + FORMAT_ID;
    }

    /** When the transaction began, in epoch milliseconds (the first part of its id). */
    public long createdMillis() {
        return XidSource.createdMillis(transaction);
    }

    /**
     * One row of {@code XA RECOVER} ({@code formatID, gtrid_length, bqual_length, data}); null when the branch is
     * not shardgate's.
     */
    public static Xid fromRecoverRow(String formatId, String gtridLength, String bqualLength, String data) {
        if (!Integer.toString(FORMAT_ID).equals(formatId) || data == null) {
            return null;
        }
        try {
            int g = Integer.parseInt(gtridLength);
            int b = Integer.parseInt(bqualLength);
            if (data.length() != g + b) {
                return null;
            }
            String gtrid = data.substring(0, g);
            int dot = gtrid.lastIndexOf('.');
            if (dot <= 0 || XidSource.createdMillis(gtrid.substring(0, dot)) < 0) {
                return null;
            }
            return new Xid(gtrid.substring(0, dot), Integer.parseInt(gtrid.substring(dot + 1)), data.substring(g));
        } catch (RuntimeException e) {
            return null; // not one of ours after all
        }
    }

    private static String hex(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return gtrid() + "@" + decisionNode;
    }
}
