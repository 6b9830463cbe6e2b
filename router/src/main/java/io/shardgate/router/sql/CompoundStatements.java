package io.shardgate.router.sql;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Tells the {@link StatementSplitter} whether a {@code ;} ends the statement or sits inside a compound body:
 * {@code CREATE PROCEDURE / FUNCTION / TRIGGER / EVENT} with {@code BEGIN ... END}, {@code IF ... END IF},
 * {@code CASE}, {@code LOOP}, {@code WHILE}, {@code REPEAT}, {@code FOR} (nested at will), and MariaDB's
 * compound statements outside programs ({@code BEGIN NOT ATOMIC ... END}, a top-level {@code IF ... END IF}).
 * A server parses such a statement whole; only the mysql tool needs {@code DELIMITER}, because it splits
 * client-side as this class does.
 *
 * <p>It follows words, not a grammar: the first words of a statement say whether it can hold a body (most
 * statements cannot, and then nothing more is looked at until their {@code ;}); inside a body, block
 * openers push and {@code END} pops. What is ambiguous is decided by position: {@code IF}, {@code LOOP},
 * {@code WHILE}, {@code REPEAT} and {@code FOR} open blocks only where a statement starts (so the
 * functions {@code IF()} and {@code REPEAT()}, {@code FOR UPDATE} and {@code DROP ... IF EXISTS} do not);
 * {@code CASE} opens anywhere, and a {@code CASE} expression's own {@code END} closes it; another
 * {@code END} closes a block only where a statement starts (after {@code ;}, {@code THEN}, {@code ELSE}
 * ...) or after {@code REPEAT}'s {@code UNTIL}, so a column named {@code end} does not.
 *
 * <p>One per split, fed the tokens outside quotes and comments in order; not thread-safe.
 */
final class CompoundStatements {

    private enum State {
        /** Before the first word of a statement. */
        START,
        /** An ordinary statement: no body, the next {@code ;} ends it. */
        PLAIN,
        /** {@code CREATE ...}: looking for the kind of object. */
        CREATE,
        /** {@code BEGIN} first: a transaction, unless {@code NOT ATOMIC} follows. */
        BEGIN,
        /** An unknown first word: a label if {@code :} follows. */
        MAYBE_LABEL,
        /** A routine's name, parameters and characteristics, before its body. */
        HEADER,
        /** A routine's body or a compound statement. */
        BODY
    }

    private enum Block { BEGIN, IF, CASE_STATEMENT, CASE_EXPRESSION, LOOP, WHILE, REPEAT, REPEAT_UNTIL, FOR }

    private static final Set<String> ROUTINES = Set.of("PROCEDURE", "FUNCTION", "TRIGGER", "EVENT");
    /** Words that may stand between CREATE and the object kind. */
    private static final int CREATE_PREFIX_WORDS = 12;
    private static final Set<String> OTHER_KINDS = Set.of("TABLE", "TEMPORARY", "VIEW", "INDEX", "UNIQUE",
            "FULLTEXT", "SPATIAL", "DATABASE", "SCHEMA", "USER", "ROLE", "SEQUENCE", "SERVER", "TABLESPACE",
            "LOGFILE", "ALGORITHM", "SQL", "ONLINE", "OFFLINE", "PACKAGE", "SYNONYM", "RESOURCE");
    private static final Set<String> CHARACTERISTICS = Set.of("COMMENT", "LANGUAGE", "SQL", "NOT", "DETERMINISTIC",
            "CONTAINS", "NO", "READS", "MODIFIES", "DATA", "SECURITY", "DEFINER", "INVOKER");
    private static final Set<String> FUNCTION_BODY_STARTS = Set.of("BEGIN", "IF", "CASE", "LOOP", "WHILE", "REPEAT",
            "FOR", "RETURN");
    private static final Set<String> END_KINDS = Set.of("IF", "CASE", "LOOP", "WHILE", "REPEAT", "FOR");

    private State state = State.START;
    private String routine;
    private int wordsSeen;
    private int parens;
    private boolean parametersDone;
    private String previousWord;
    /** Trigger header: the word after FOR EACH ROW starts the body, unless it is FOLLOWS / PRECEDES name. */
    private boolean bodyNext;
    private boolean skipOrderName;

    private Block[] blocks = new Block[8];
    private int depth;
    /** The next word is where a statement starts. */
    private boolean atStart;
    /** The word just seen stood where a statement starts: a label if {@code :} follows. */
    private boolean maybeLabel;
    /** Just after END: a following IF / LOOP ... names the block closed, it does not open one. */
    private boolean afterEnd;
    /** In DECLARE ... HANDLER FOR ...: its action may be a BEGIN ... END block. */
    private boolean handlerAction;

    /** False while words cannot change anything (an ordinary statement): the splitter need not read them. */
    boolean wantsWords() {
        return state != State.PLAIN;
    }

    /** True when a {@code ;} here ends the statement, false when it separates statements of a body. */
    boolean endsAtSemicolon() {
        if (state == State.BODY && depth > 0) {
            atStart = true;
            maybeLabel = false;
            afterEnd = false;
            handlerAction = false;
            return false;
        }
        return true;
    }

    /** A new statement follows. */
    void reset() {
        state = State.START;
        routine = null;
        wordsSeen = 0;
        parens = 0;
        parametersDone = false;
        previousWord = null;
        bodyNext = false;
        skipOrderName = false;
        depth = 0;
        atStart = false;
        maybeLabel = false;
        afterEnd = false;
        handlerAction = false;
    }

    void word(String sql, int from, int to) {
        String w = sql.substring(from, to).toUpperCase(Locale.ROOT);
        switch (state) {
            case START -> first(w);
            case CREATE -> create(w);
            case BEGIN -> state = w.equals("NOT") ? State.BEGIN : w.equals("ATOMIC") && "NOT".equals(previousWord)
                    ? enterBody(Block.BEGIN) : State.PLAIN;
            case MAYBE_LABEL -> state = State.PLAIN;
            case HEADER -> header(w);
            case BODY -> body(w);
            case PLAIN -> { }
        }
        previousWord = w;
    }

    /** A quoted string or identifier. */
    void quoted() {
        if (state == State.MAYBE_LABEL || state == State.START) {
            state = State.PLAIN;
        } else if (state == State.HEADER && skipOrderName) {
            skipOrderName = false;
            bodyNext = true;
        } else if (state == State.BODY) {
            maybeLabel = atStart;
            atStart = false;
            afterEnd = false;
        }
        previousWord = null;
    }

    void punctuation(char c) {
        switch (state) {
            case START -> state = State.PLAIN;
            case MAYBE_LABEL -> state = c == ':' ? enterBody(null) : State.PLAIN;
            case CREATE -> state = c == '(' ? State.PLAIN : State.CREATE;
            case HEADER -> {
                if (c == '(') {
                    parens++;
                } else if (c == ')' && parens > 0 && --parens == 0) {
                    parametersDone = true;
                } else if (c == ':' && parametersDone && routine.equals("FUNCTION")) {
                    state = State.BODY; // a labelled body: lbl: BEGIN ...
                    atStart = true;
                }
            }
            case BODY -> {
                atStart = c == ':' && maybeLabel;
                maybeLabel = false;
                afterEnd = false;
            }
            default -> { }
        }
    }

    private void first(String w) {
        state = switch (w) {
            case "CREATE" -> State.CREATE;
            case "BEGIN" -> State.BEGIN;
            case "IF", "CASE", "LOOP", "WHILE", "REPEAT", "FOR" -> {
                enterBody(null);
                body(w);
                yield State.BODY;
            }
            // SELECT, INSERT ...: whatever the next token is, it is not the ':' of a label
            default -> State.MAYBE_LABEL;
        };
    }

    /**
     * Between CREATE and the kind only OR REPLACE, AGGREGATE and DEFINER = user@host stand: the first word
     * naming another kind, or too many words, means no routine.
     */
    private void create(String w) {
        if (ROUTINES.contains(w)) {
            routine = w;
            state = State.HEADER;
        } else if (OTHER_KINDS.contains(w) || ++wordsSeen > CREATE_PREFIX_WORDS) {
            state = State.PLAIN;
        }
    }

    private void header(String w) {
        if (routine.equals("TRIGGER")) {
            if (skipOrderName) {
                skipOrderName = false;
                bodyNext = true;
            } else if (bodyNext && (w.equals("FOLLOWS") || w.equals("PRECEDES"))) {
                bodyNext = false;
                skipOrderName = true;
            } else if (bodyNext) {
                startBody(w);
            } else if (w.equals("ROW") && "EACH".equals(previousWord)) {
                bodyNext = true;
            }
        } else if (routine.equals("EVENT")) {
            if (bodyNext) {
                startBody(w);
            } else if (w.equals("DO")) {
                bodyNext = true;
            }
        } else if (parametersDone && parens == 0) {
            boolean starts = routine.equals("FUNCTION") ? FUNCTION_BODY_STARTS.contains(w)
                    : !CHARACTERISTICS.contains(w);
            if (starts) {
                startBody(w);
            }
        }
    }

    private void startBody(String w) {
        enterBody(null);
        body(w);
    }

    private State enterBody(Block first) {
        state = State.BODY;
        depth = 0;
        if (first != null) {
            push(first);
        }
        atStart = true;
        return State.BODY;
    }

    private void body(String w) {
        boolean start = atStart;
        atStart = false;
        maybeLabel = false;
        if (afterEnd) {
            afterEnd = false;
            if (END_KINDS.contains(w)) {
                return;
            }
        }
        Block top = depth == 0 ? null : blocks[depth - 1];
        switch (w) {
            case "BEGIN" -> {
                if (start || handlerAction) {
                    push(Block.BEGIN);
                    atStart = true;
                    handlerAction = false;
                }
            }
            case "HANDLER" -> handlerAction = true;
            case "NOT", "ATOMIC" -> atStart = start && ("BEGIN".equals(previousWord) || "NOT".equals(previousWord));
            case "END" -> {
                if (depth > 0 && (start || top == Block.CASE_EXPRESSION || top == Block.REPEAT_UNTIL)) {
                    depth--;
                    afterEnd = true;
                }
            }
            case "CASE" -> push(start ? Block.CASE_STATEMENT : Block.CASE_EXPRESSION);
            case "IF" -> openAtStart(start, Block.IF, false);
            case "LOOP" -> openAtStart(start, Block.LOOP, true);
            case "REPEAT" -> openAtStart(start, Block.REPEAT, true);
            case "WHILE" -> openAtStart(start, Block.WHILE, false);
            case "FOR" -> openAtStart(start, Block.FOR, false);
            case "THEN", "ELSE" -> atStart = top != Block.CASE_EXPRESSION;
            // WHILE ... DO and FOR ... DO; DO where a statement starts is the DO statement
            case "DO" -> atStart = !start && (top == Block.WHILE || top == Block.FOR);
            case "UNTIL" -> {
                if (top == Block.REPEAT) {
                    blocks[depth - 1] = Block.REPEAT_UNTIL;
                }
            }
            default -> maybeLabel = start;
        }
    }

    private void openAtStart(boolean start, Block block, boolean bodyFollows) {
        if (start) {
            push(block);
            atStart = bodyFollows;
        } else {
            maybeLabel = false;
        }
    }

    private void push(Block block) {
        if (depth == blocks.length) {
            blocks = Arrays.copyOf(blocks, depth * 2);
        }
        blocks[depth++] = block;
    }
}
