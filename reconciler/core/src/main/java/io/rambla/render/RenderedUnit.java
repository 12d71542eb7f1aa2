package io.rambla.render;

/** A unit together with the stack it renders to. */
public record RenderedUnit(Unit unit, StackSpec stack) {

    public String id() {
        return unit.id();
    }
}
