import type { OpenPurchaseOrderLine } from '@stockgraph/shared/feeds';

export interface SupplierTerms { trust: number | null; minimumOrderUnits: number }
export interface OpenPurchaseOrder { poNumber: string; supplierId: string; locationId: string; orderedAt: number; lines: OpenPurchaseOrderLine[] }

/**
 * What planning knows of supply from the ERP batch (facts on the KPI feed): each supplier's trust
 * and minimum order, and the open purchase orders with their order dates. A PO leaves the book
 * when its receipt is reported.
 */
export class SupplyBook {
  private readonly suppliers = new Map<string, SupplierTerms>();
  private readonly orders = new Map<string, OpenPurchaseOrder>();

  setSupplier(id: string, terms: SupplierTerms): void {
    this.suppliers.set(id, terms);
  }

  supplier(id: string): SupplierTerms | null {
    return this.suppliers.get(id) ?? null;
  }

  setOpen(po: OpenPurchaseOrder): void {
    this.orders.set(po.poNumber, po);
  }

  received(poNumber: string): void {
    this.orders.delete(poNumber);
  }

  /** open lines of one SKU at one location, with their PO's supplier and order date */
  openLines(sku: string, locationId?: string): Array<OpenPurchaseOrderLine & { poNumber: string; supplierId: string; locationId: string; orderedAt: number }> {
    const out = [];
    for (const po of this.orders.values()) {
      if (locationId && po.locationId !== locationId) continue;
      for (const l of po.lines) if (l.sku === sku) out.push({ ...l, poNumber: po.poNumber, supplierId: po.supplierId, locationId: po.locationId, orderedAt: po.orderedAt });
    }
    return out;
  }

  get openOrderCount(): number {
    return this.orders.size;
  }
}
