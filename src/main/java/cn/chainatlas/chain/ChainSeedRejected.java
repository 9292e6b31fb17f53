package cn.chainatlas.chain;

import java.util.List;

/**
 * A set of seed files that cannot be loaded. The message lists every problem with the file and the nodes it
 * concerns; nothing of the files has been written when this is thrown.
 */
public final class ChainSeedRejected extends RuntimeException {

    private final List<String> problems;

    public ChainSeedRejected(List<String> problems) {
        super("种子文件被拒绝，未写入任何数据 (seed files rejected, nothing loaded):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
