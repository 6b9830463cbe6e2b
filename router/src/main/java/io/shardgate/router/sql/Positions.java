package io.shardgate.router.sql;

import net.sf.jsqlparser.parser.ASTNodeAccess;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.parser.Token;

/**
 * Shape offsets of parser nodes. JavaCC reports 1-based line/column pairs; the shape is almost always one
 * line (whitespace is collapsed) but a backticked identifier may hold a newline, so lines are mapped.
 */
public final class Positions {

    private final String shape;
    private final int[] lineStarts;

    Positions(String shape) {
        this.shape = shape;
        int lines = 1;
        for (int i = 0; i < shape.length(); i++) {
            if (shape.charAt(i) == '\n') {
                lines++;
            }
        }
        lineStarts = new int[lines];
        int line = 1;
        for (int i = 0; i < shape.length(); i++) {
            if (shape.charAt(i) == '\n') {
                lineStarts[line++] = i + 1;
            }
        }
    }

    /** Offset of the first character of {@code node}'s first token. */
    public int start(SimpleNode node) {
        Token t = node.jjtGetFirstToken();
        return offset(t.beginLine, t.beginColumn);
    }

    /** Offset just after {@code node}'s last token. */
    public int end(SimpleNode node) {
        Token t = node.jjtGetLastToken();
        return offset(t.endLine, t.endColumn) + 1;
    }

    /** Start of an object the parser linked to its node; -1 when it has none. */
    public int start(Object parsed) {
        SimpleNode node = node(parsed);
        return node == null ? -1 : start(node);
    }

    public int end(Object parsed) {
        SimpleNode node = node(parsed);
        return node == null ? -1 : end(node);
    }

    public static SimpleNode node(Object parsed) {
        return parsed instanceof ASTNodeAccess access ? access.getASTNode() : null;
    }

    public int offset(int line, int column) {
        if (line < 1 || line > lineStarts.length) {
            throw new IllegalStateException("parser position " + line + ":" + column + " outside the shape");
        }
        return lineStarts[line - 1] + column - 1;
    }

    public String text(SimpleNode node) {
        return shape.substring(start(node), end(node));
    }
}
