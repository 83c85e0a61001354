package dev.datomickit.example.users;

import dev.datomickit.core.json.Clientizer;
import dev.datomickit.core.view.EntityView;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * From entities to what clients receive. Each pattern is the contract with clients: only what it
 * names is sent, whatever else the entity holds.
 */
final class Clientizers {

    /** {@code {"id": "…", "email": "…", "name": "…"}} */
    static final Clientizer CL_USER = Clientizer.of("[:user/id :user/email :user/name]");

    /** {@code {"id": "…", "content": "…", "author": {"id": "…"}, "post": {"id": "…"}}} */
    static final Clientizer CL_COMMENT = Clientizer.of(
            "[:comment/id :comment/content {:comment/author [:user/id]} {:comment/post [:post/id]}]");

    /** Clientizes the entities behind views, with one pull for all of them, in order. */
    static List<Map<String, Object>> clientize(Clientizer clientizer, Collection<? extends EntityView> views) {
        return clientizer.applyAll(views.stream().map(EntityView::entity).toList());
    }

    private Clientizers() {}
}
