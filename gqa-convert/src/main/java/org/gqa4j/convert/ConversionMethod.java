package org.gqa4j.convert;

/**
 * A named conversion: how KV heads are grouped (adjacent, or regrouped by a data-aware cost)
 * and how each group is merged into one head.
 */
public final class ConversionMethod {

    private final String name;
    private final String description;
    private final GroupCost grouping;
    private final HeadMerger merger;

    /**
     * @param grouping the cost regrouping minimizes, or null to merge adjacent heads (the LLM convention)
     * @param merger   how one group becomes one head
     */
    ConversionMethod(String name, String description, GroupCost grouping, HeadMerger merger) {
        this.name = name;
        this.description = description;
        this.grouping = grouping;
        this.merger = merger;
    }

    /** The name users type ({@code --method}). */
    public String name() { return name; }

    /** One line for help texts. */
    public String description() { return description; }

    /** True when the method needs calibration windows. */
    public boolean dataAware() { return grouping != null || merger.dataAware(); }

    /** True when heads may be regrouped (query heads permuted; provenance records the order). */
    public boolean regroups() { return grouping != null; }

    GroupCost grouping() { return grouping; }

    HeadMerger merger() { return merger; }

    @Override
    public String toString() { return name; }
}
