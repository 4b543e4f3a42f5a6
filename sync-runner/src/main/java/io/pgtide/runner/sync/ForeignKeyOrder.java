package io.pgtide.runner.sync;

import io.pgtide.runner.schema.ForeignKey;
import io.pgtide.runner.schema.TableName;
import io.pgtide.runner.schema.TableSchema;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The order in which tables are written, from the target's foreign keys: parents before children.
 * Tables that reference each other (a cycle) form one {@link Unit} written in a single transaction
 * with deferred constraints, which needs every FK of the cycle to be DEFERRABLE; otherwise the cycle
 * is an error. Units whose dependencies are done may run in parallel.
 */
public final class ForeignKeyOrder {

    /** Tables written together, and the indexes (in {@link #units()}) of units that must finish first. */
    public record Unit(List<TableName> tables, Set<Integer> dependsOn) {
    }

    private final List<Unit> units;
    private final List<Finding> findings;
    private final Set<TableName> inCycle;

    private ForeignKeyOrder(List<Unit> units, List<Finding> findings, Set<TableName> inCycle) {
        this.units = units;
        this.findings = findings;
        this.inCycle = inCycle;
    }

    public List<Unit> units() {
        return units;
    }

    public List<Finding> findings() {
        return findings;
    }

    public boolean inCycle(TableName table) {
        return inCycle.contains(table);
    }

    /** All tables, parents first. */
    public List<TableName> flatOrder() {
        List<TableName> out = new ArrayList<>();
        units.forEach(u -> out.addAll(u.tables()));
        return out;
    }

    public static ForeignKeyOrder of(List<TablePlan> plans, Map<TableName, TableSchema> targetSchemas) {
        List<TableName> tables = plans.stream().map(TablePlan::table).sorted().toList();
        Set<TableName> inJob = new LinkedHashSet<>(tables);
        Map<TableName, Set<TableName>> parents = new HashMap<>();
        List<ForeignKey> edges = new ArrayList<>();
        for (TableName t : tables) {
            Set<TableName> ps = new TreeSet<>();
            for (ForeignKey fk : targetSchemas.get(t).foreignKeys()) {
                if (!fk.selfReference() && inJob.contains(fk.to())) {
                    ps.add(fk.to());
                    edges.add(fk);
                }
            }
            parents.put(t, ps);
        }
        List<List<TableName>> components = new Tarjan(tables, parents).run();
        // Tarjan emits a component only after every component it reaches (its parents): parents first.
        Map<TableName, Integer> unitOf = new HashMap<>();
        for (int i = 0; i < components.size(); i++) {
            for (TableName t : components.get(i)) {
                unitOf.put(t, i);
            }
        }
        List<Unit> units = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        Set<TableName> inCycle = new LinkedHashSet<>();
        for (int i = 0; i < components.size(); i++) {
            List<TableName> members = components.get(i).stream().sorted().toList();
            Set<Integer> deps = new TreeSet<>();
            for (TableName t : members) {
                for (TableName p : parents.get(t)) {
                    int pu = unitOf.get(p);
                    if (pu != i) {
                        deps.add(pu);
                    }
                }
            }
            if (members.size() > 1) {
                inCycle.addAll(members);
                for (ForeignKey fk : edges) {
                    if (members.contains(fk.from()) && members.contains(fk.to()) && !fk.deferrable()) {
                        findings.add(Finding.error(fk.from().display(), "tables " + members.stream().map(TableName::display).toList()
                                + " reference each other, and foreign key " + fk.name() + " is not DEFERRABLE, so no order can"
                                + " insert them. Make it deferrable (ALTER TABLE " + fk.from().sql() + " ALTER CONSTRAINT "
                                + io.pgtide.runner.db.Sql.ident(fk.name()) + " DEFERRABLE) or sync these tables in separate jobs"));
                    }
                }
            }
            units.add(new Unit(members, deps));
        }
        return new ForeignKeyOrder(units, findings, inCycle);
    }

    /** Strongly connected components, iterative so deep FK chains cannot overflow the stack. */
    private static final class Tarjan {
        private final List<TableName> nodes;
        private final Map<TableName, Set<TableName>> edges;
        private final Map<TableName, Integer> index = new HashMap<>();
        private final Map<TableName, Integer> low = new HashMap<>();
        private final Deque<TableName> stack = new ArrayDeque<>();
        private final Set<TableName> onStack = new LinkedHashSet<>();
        private final List<List<TableName>> out = new ArrayList<>();
        private int counter;

        Tarjan(List<TableName> nodes, Map<TableName, Set<TableName>> edges) {
            this.nodes = nodes;
            this.edges = edges;
        }

        List<List<TableName>> run() {
            for (TableName n : nodes) {
                if (!index.containsKey(n)) {
                    visit(n);
                }
            }
            return out;
        }

        private void visit(TableName root) {
            Deque<Object[]> work = new ArrayDeque<>();
            work.push(new Object[]{root, new ArrayList<>(edges.get(root)).iterator()});
            open(root);
            while (!work.isEmpty()) {
                Object[] frame = work.peek();
                TableName v = (TableName) frame[0];
                @SuppressWarnings("unchecked")
                java.util.Iterator<TableName> it = (java.util.Iterator<TableName>) frame[1];
                if (it.hasNext()) {
                    TableName w = it.next();
                    if (!index.containsKey(w)) {
                        open(w);
                        work.push(new Object[]{w, new ArrayList<>(edges.get(w)).iterator()});
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    TableName parent = (TableName) work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    List<TableName> component = new ArrayList<>();
                    TableName w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    out.add(component);
                }
            }
        }

        private void open(TableName n) {
            index.put(n, counter);
            low.put(n, counter);
            counter++;
            stack.push(n);
            onStack.add(n);
        }
    }
}
