"""Fail when modules of the project import each other in a cycle (`make lint`).

A cycle means neither side can be understood, tested or moved without the other. The graph is grimp's (the library
under import-linter), with imports under `if TYPE_CHECKING:` left out as the contracts leave them out; imports inside
functions count, because a deferred import is still a dependency. Known cycles may be listed in ALLOWED with the
issue that removes them; the list only shrinks.
"""

import sys

import grimp

ROOT = "weiquan"
ALLOWED: list[frozenset[str]] = []


def strongly_connected(graph: grimp.ImportGraph) -> list[list[str]]:
    """Tarjan's algorithm, iterative (the graph has thousands of edges)."""
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in modules:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            recurse = False
            for j in range(i, len(edges[node])):
                nxt = edges[node][j]
                if nxt not in index:
                    work.append((node, j + 1))
                    work.append((nxt, 0))
                    recurse = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if recurse:
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def main() -> int:
    graph = grimp.build_graph(ROOT, exclude_type_checking_imports=True)
    cycles = [c for c in strongly_connected(graph) if frozenset(c) not in ALLOWED]
    for cycle in cycles:
        print(f"import cycle of {len(cycle)} modules:")
        for module in cycle:
            inside = sorted(set(graph.find_modules_directly_imported_by(module)) & set(cycle))
            print(f"  {module} -> {', '.join(inside)}")
    print(f"import cycles: {len(cycles)}")
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main())
