package io.pgtide.runner.sync;

import io.pgtide.runner.schema.ForeignKey;
import io.pgtide.runner.schema.TableName;
import io.pgtide.runner.schema.TableSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** FK ordering from the target's foreign keys, without a database: parents first, cycles as one unit. */
class ForeignKeyOrderTest {

    /** A tiny FK graph builder: tables and child -> parent edges. */
    private static final class Graph {
        private final Map<TableName, List<ForeignKey>> fks = new LinkedHashMap<>();

        Graph table(String... names) {
            for (String n : names) {
                fks.putIfAbsent(t(n), new ArrayList<>());
            }
            return this;
        }

        Graph fk(String child, String parent, boolean deferrable) {
            table(child, parent);
            fks.get(t(child)).add(new ForeignKey(child + "_" + parent + "_fkey", t(child), List.of(parent + "_id"), t(parent),
                    List.of("id"), deferrable, 'a'));
            return this;
        }

        Graph fk(String child, String parent) {
            return fk(child, parent, false);
        }

        ForeignKeyOrder order() {
            Map<TableName, TableSchema> schemas = new HashMap<>();
            List<TablePlan> plans = new ArrayList<>();
            // Reverse insertion order, so that the result cannot just echo the order tables were given in.
            List<TableName> names = new ArrayList<>(fks.keySet());
            java.util.Collections.reverse(names);
            for (TableName n : names) {
                schemas.put(n, new TableSchema(n, 0, false, List.of(), List.of("id"), List.of(), fks.get(n), List.of(), List.of(), 0,
                        new TableSchema.Privileges(true, true, true, true, true)));
                plans.add(new TablePlan(n, List.of(), List.of("id"), true, SyncMode.MERGE, ConflictStrategy.SOURCE_WINS, false, null,
                        false, null, false, false, List.of(), 0, "x"));
            }
            return ForeignKeyOrder.of(plans, schemas);
        }
    }

    private static TableName t(String name) {
        return new TableName("public", name);
    }

    /** Asserts every FK's parent comes before its child (in an earlier unit, which the child depends on). */
    private static void assertParentsFirst(Graph g, ForeignKeyOrder order) {
        Map<TableName, Integer> unitOf = new HashMap<>();
        for (int i = 0; i < order.units().size(); i++) {
            for (TableName n : order.units().get(i).tables()) {
                assertThat(unitOf.put(n, i)).as("%s appears once", n).isNull();
            }
        }
        assertThat(unitOf.keySet()).containsExactlyInAnyOrderElementsOf(g.fks.keySet());
        for (var e : g.fks.entrySet()) {
            for (ForeignKey fk : e.getValue()) {
                int child = unitOf.get(fk.from());
                int parent = unitOf.get(fk.to());
                if (child != parent) {
                    assertThat(parent).as("%s before %s", fk.to(), fk.from()).isLessThan(child);
                    assertThat(transitiveDeps(order, child)).as("%s waits for %s", fk.from(), fk.to()).contains(parent);
                }
            }
        }
    }

    private static Set<Integer> transitiveDeps(ForeignKeyOrder order, int unit) {
        Set<Integer> out = new java.util.HashSet<>();
        java.util.Deque<Integer> todo = new java.util.ArrayDeque<>(order.units().get(unit).dependsOn());
        while (!todo.isEmpty()) {
            int u = todo.pop();
            if (out.add(u)) {
                todo.addAll(order.units().get(u).dependsOn());
            }
        }
        return out;
    }

    @Test
    void chainPutsParentsBeforeChildren() {
        Graph g = new Graph().fk("order_items", "orders").fk("orders", "customers").fk("customers", "regions");
        ForeignKeyOrder order = g.order();
        assertThat(order.flatOrder()).containsExactly(t("regions"), t("customers"), t("orders"), t("order_items"));
        assertThat(order.units()).allMatch(u -> u.tables().size() == 1);
        assertThat(order.findings()).isEmpty();
        assertParentsFirst(g, order);
    }

    @Test
    void diamondRunsBothMiddlesAfterTheTopAndBeforeTheBottom() {
        Graph g = new Graph().fk("left", "top").fk("right", "top").fk("bottom", "left").fk("bottom", "right");
        ForeignKeyOrder order = g.order();
        List<TableName> flat = order.flatOrder();
        assertThat(flat.get(0)).isEqualTo(t("top"));
        assertThat(flat.get(3)).isEqualTo(t("bottom"));
        assertParentsFirst(g, order);
        int bottom = flat.indexOf(t("bottom"));
        assertThat(order.units().get(bottom).dependsOn()).hasSize(2);
        // left and right only need top: they may run in parallel.
        assertThat(order.units().get(flat.indexOf(t("left"))).dependsOn()).containsExactly(0);
        assertThat(order.units().get(flat.indexOf(t("right"))).dependsOn()).containsExactly(0);
    }

    @Test
    void independentTablesHaveNoDependencies() {
        Graph g = new Graph().table("a", "b", "c", "d");
        ForeignKeyOrder order = g.order();
        assertThat(order.units()).hasSize(4).allMatch(u -> u.dependsOn().isEmpty() && u.tables().size() == 1);
        assertThat(order.findings()).isEmpty();
    }

    @Test
    void selfReferenceIsNoCycleAndNoDependency() {
        Graph g = new Graph().fk("employees", "employees").fk("badges", "employees");
        ForeignKeyOrder order = g.order();
        assertThat(order.flatOrder()).containsExactly(t("employees"), t("badges"));
        assertThat(order.inCycle(t("employees"))).isFalse();
        assertThat(order.units().get(0).dependsOn()).isEmpty();
        assertThat(order.findings()).isEmpty();
    }

    @Test
    void deferrableTwoTableCycleIsOneUnitAfterItsParentAndBeforeItsChild() {
        Graph g = new Graph().fk("a", "b", true).fk("b", "a", true).fk("a", "root").fk("leaf", "b");
        ForeignKeyOrder order = g.order();
        assertThat(order.findings()).isEmpty();
        assertThat(order.units()).hasSize(3);
        assertThat(order.units().get(0).tables()).containsExactly(t("root"));
        assertThat(order.units().get(1).tables()).containsExactly(t("a"), t("b"));
        assertThat(order.units().get(1).dependsOn()).containsExactly(0);
        assertThat(order.units().get(2).tables()).containsExactly(t("leaf"));
        assertThat(order.units().get(2).dependsOn()).containsExactly(1);
        assertThat(order.inCycle(t("a"))).isTrue();
        assertThat(order.inCycle(t("b"))).isTrue();
        assertThat(order.inCycle(t("root"))).isFalse();
    }

    @Test
    void nonDeferrableCycleIsAnErrorSayingHowToFixIt() {
        Graph g = new Graph().fk("a", "b", true).fk("b", "a", false);
        ForeignKeyOrder order = g.order();
        assertThat(order.findings()).hasSize(1);
        Finding f = order.findings().get(0);
        assertThat(f.isError()).isTrue();
        assertThat(f.message()).contains("public.a", "public.b", "b_a_fkey", "not DEFERRABLE",
                "ALTER TABLE \"public\".\"b\" ALTER CONSTRAINT \"b_a_fkey\" DEFERRABLE", "separate jobs");
    }

    @Test
    void threeTableCycleWithOneNonDeferrableFkNamesOnlyThatFk() {
        Graph g = new Graph().fk("a", "b", true).fk("b", "c", false).fk("c", "a", true);
        ForeignKeyOrder order = g.order();
        assertThat(order.units()).hasSize(1);
        assertThat(order.units().get(0).tables()).containsExactly(t("a"), t("b"), t("c"));
        assertThat(order.findings()).singleElement().satisfies(f -> assertThat(f.message()).contains("b_c_fkey")
                .doesNotContain("a_b_fkey").doesNotContain("c_a_fkey"));
    }

    @Test
    void deepChainIsOrderedWithoutOverflowingTheStack() {
        Graph g = new Graph();
        int depth = 20_000;
        for (int i = 1; i < depth; i++) {
            g.fk(String.format("t%05d", i), String.format("t%05d", i - 1));
        }
        ForeignKeyOrder order = g.order();
        List<TableName> flat = order.flatOrder();
        assertThat(flat).hasSize(depth);
        for (int i = 0; i < depth; i++) {
            assertThat(flat.get(i)).isEqualTo(t(String.format("t%05d", i)));
        }
        assertThat(order.units().get(depth - 1).dependsOn()).containsExactly(depth - 2);
    }

    @Test
    void deepCycleIsOneUnit() {
        Graph g = new Graph();
        int depth = 5_000;
        for (int i = 0; i < depth; i++) {
            g.fk(String.format("t%05d", i), String.format("t%05d", (i + 1) % depth), true);
        }
        ForeignKeyOrder order = g.order();
        assertThat(order.units()).singleElement().satisfies(u -> assertThat(u.tables()).hasSize(depth));
        assertThat(order.findings()).isEmpty();
    }
}
