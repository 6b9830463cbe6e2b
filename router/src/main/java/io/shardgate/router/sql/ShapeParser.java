package io.shardgate.router.sql;

import java.util.concurrent.atomic.LongAdder;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.Node;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.statement.Statement;

/**
 * The adapter to JSqlParser: parses a statement shape ({@code ?} holes parse as JDBC parameters) into its
 * object model plus the parser's node tree, whose token positions tell where each table name, column or
 * clause sits in the shape. Runs only on a plan-cache miss; {@link #parses()} counts the calls so tests can
 * prove that the cached path never parses.
 *
 * <p>It calls the generated parser directly on the caller's thread: {@code CCJSqlParserUtil.parse} would hand
 * every parse to a new executor thread for its timeout, which a proxy cannot afford per statement.
 *
 * <p>Some MySQL syntax JSqlParser 5.3 does not know is harmless for routing and is blanked (replaced by spaces,
 * so offsets stay true) in the text given to the parser, while the shape keeps it for the backend:
 * {@code LOCK IN SHARE MODE} and {@code /*+ ... *}{@code /} optimizer hints. {@code BINARY} before a key of the
 * statement's own ORDER BY ({@code ORDER BY BINARY status}) is blanked too, and {@link Parsed#binaryOrder}
 * tells the planner: the key is then the token after it, and only a planner that reads the keyword from the
 * shape may sort by it ({@code ScatterPlanner}); the others refuse the statement.
 */
public final class ShapeParser {

    private final LongAdder parses = new LongAdder();

    /** How many statements this parser has parsed. */
    public long parses() {
        return parses.sum();
    }

    /** A parsed shape. */
    public record Parsed(Statement statement, SimpleNode root, Positions positions, boolean lockInShareMode,
                         boolean binaryOrder) {
    }

    /**
     * @throws JSQLParserException when the shape is not SQL JSqlParser understands
     */
    public Parsed parse(String shape, ShapeTokens tokens) throws JSQLParserException {
        parses.increment();
        char[] text = shape.toCharArray();
        boolean shareLock = false;
        boolean binaryOrder = false;
        boolean inOrderBy = false;
        for (int i = 0; i < tokens.size(); i++) {
            ShapeTokens.Token t = tokens.get(i);
            if (t.depth() == 0 && t.kind() == ShapeTokens.Kind.WORD) {
                if (t.is("BY") && i > 0 && tokens.get(i - 1).is("ORDER")) {
                    inOrderBy = true;
                } else if (inOrderBy && t.is("BINARY") && i + 1 < tokens.size()
                        && (tokens.get(i - 1).is("BY") || tokens.get(i - 1).isPunct(','))) {
                    blank(text, t.start(), t.end());
                    binaryOrder = true;
                } else if (!t.is("ASC") && !t.is("DESC") && !t.is("BINARY")) {
                    inOrderBy = inOrderBy && !(t.is("LIMIT") || t.is("FOR") || t.is("LOCK") || t.is("UNION")
                            || t.is("INTERSECT") || t.is("EXCEPT") || t.is("INTO"));
                }
            }
            if (t.kind() == ShapeTokens.Kind.HINT) {
                blank(text, t.start(), t.end());
            } else if (t.is("LOCK") && i + 3 < tokens.size() && tokens.get(i + 1).is("IN")
                    && tokens.get(i + 2).is("SHARE") && tokens.get(i + 3).is("MODE")) {
                blank(text, t.start(), tokens.get(i + 3).end());
                shareLock = true;
            }
        }
        TreeParser parser = new TreeParser(new String(text));
        try {
            Statement statement = parser.Statement();
            SimpleNode root = (SimpleNode) parser.root();
            return new Parsed(statement, root, new Positions(shape), shareLock, binaryOrder);
        } catch (Exception | StackOverflowError e) {
            // StackOverflowError: absurdly nested input; a parse failure like any other
            throw new JSQLParserException(String.valueOf(e.getMessage()), e);
        }
    }

    private static void blank(char[] text, int from, int to) {
        for (int i = from; i < to; i++) {
            text[i] = ' ';
        }
    }

    /** The generated parser, opened up for its node tree. */
    private static final class TreeParser extends CCJSqlParser {
        TreeParser(String sql) {
            super(new StringProvider(sql));
        }

        Node root() {
            return jjtree.rootNode();
        }
    }
}
