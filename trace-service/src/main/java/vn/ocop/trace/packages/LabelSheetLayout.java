package vn.ocop.trace.packages;

/** Where each label sits on a sheet, for whoever needs to find one again (a print check, a test). */
public final class LabelSheetLayout {

    public static final float CELL_WIDTH = LabelSheet.CELL_WIDTH;
    public static final float CELL_HEIGHT = LabelSheet.CELL_HEIGHT;

    /** The top part of a cell that holds the code and its quiet zone, without the text under it. */
    public static final float CODE_AREA_HEIGHT = LabelSheet.CODE_AREA_HEIGHT;

    private LabelSheetLayout() {}

    /** The top-left corner of label {@code index} on its page, from the page's top-left, in points. */
    public static float[] cell(int index) {
        return LabelSheet.cell(index);
    }
}
