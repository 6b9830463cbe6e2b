package io.shardgate.router.planner;

import io.shardgate.router.plan.Plan;
import io.shardgate.router.sql.Literal;
import io.shardgate.router.sql.ShapeTokens;
import java.util.List;

/**
 * A SELECT inside a statement (a UNION's SELECT, a subquery) compiled as a statement of its own shape, so it
 * routes, prunes and merges as it would alone.
 *
 * @param template the SELECT's compiled shape
 * @param shape its text in the statement's shape
 * @param firstSlot how many of the statement's literals come before it
 * @param slots how many literals it holds
 */
record Substatement(PlanTemplate template, String shape, int firstSlot, int slots) {

    /** The SELECT at [start, end) of the statement's shape. */
    static Substatement of(PlanCompiler compiler, ShapeTokens tokens, int start, int end, String schema) {
        Substatement text = text(tokens, start, end);
        return new Substatement(compiler.compile(text.shape(), schema), text.shape(), text.firstSlot(), text.slots());
    }

    /** Text of the statement at [start, end) that is not compiled: it is only rendered. */
    static Substatement text(ShapeTokens tokens, int start, int end) {
        int firstSlot = 0;
        int slots = 0;
        for (ShapeTokens.Token t : tokens.list()) {
            if (t.kind() == ShapeTokens.Kind.SLOT) {
                if (t.start() < start) {
                    firstSlot++;
                } else if (t.start() < end) {
                    slots++;
                }
            }
        }
        return new Substatement(null, tokens.shape().substring(start, end), firstSlot, slots);
    }

    /** The text with the statement's literals. */
    String render(List<Literal> statementLiterals) {
        return render(shape, statementLiterals.subList(firstSlot, firstSlot + slots));
    }

    /** Its plan for the statement's literals. */
    Plan bind(BindContext context) {
        List<Literal> literals = context.literals().subList(firstSlot, firstSlot + slots);
        return template.bind(new BindContext(render(shape, literals), literals, context.hints(), context.session()));
    }

    /** A shape's text with its literals as written (what runs where a statement runs unchanged). */
    static String render(String shape, List<Literal> literals) {
        StringBuilder out = new StringBuilder(shape.length() + 16);
        int at = 0;
        int slot = 0;
        for (ShapeTokens.Token t : ShapeTokens.of(shape).list()) {
            if (t.kind() == ShapeTokens.Kind.SLOT) {
                out.append(shape, at, t.start()).append(literals.get(slot++).text());
                at = t.end();
            }
        }
        return out.append(shape, at, shape.length()).toString();
    }
}
