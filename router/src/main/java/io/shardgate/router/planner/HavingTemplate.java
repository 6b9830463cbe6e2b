package io.shardgate.router.planner;

import io.shardgate.router.sql.Literal;
import java.util.List;

/** A HAVING condition compiled for a shape; {@link #bind} puts the statement's literals in. */
record HavingTemplate(HavingPredicate.Node root) {

    HavingPredicate bind(List<Literal> literals) {
        return new HavingPredicate(root.bind(literals));
    }
}
