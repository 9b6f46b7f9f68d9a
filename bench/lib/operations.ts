/**
 * The contract operations the benchmarks send, word for word as in the repo's contract/
 * (storefront, clienteling, partner, operations): what real clients send is what is measured.
 */
export const PRODUCT_AVAILABILITY = `query ProductAvailability($skus: [ID!]!, $channel: Channel!, $near: GeoPointInput, $radiusKm: Float) {
  availability(skus: $skus, channel: $channel, near: $near, radiusKm: $radiusKm) {
    sku { id name }
    availableToSell
    shipping { available quantity }
    pickup {
      location { id name }
      distanceKm
      availableToSell
    }
    asOf
    stale
  }
}`;

export const SCAN_BARCODE = `query ScanBarcode($system: SourceSystem!, $code: String!, $storeId: ID!, $near: GeoPointInput) {
  skuByLocalCode(system: $system, code: $code) {
    id
    name
    localCodes { system code }
    stockAt(locationId: $storeId) { onHand reserved safetyStock availableToSell asOf }
    availability(channel: RETAIL, near: $near, radiusKm: 50) {
      pickup { location { id name } distanceKm availableToSell }
    }
    incoming { quantity expectedAt source }
  }
}`;

export const PARTNER_STOCK = `query PartnerStock($skus: [ID!]!, $channel: Channel!) {
  availability(skus: $skus, channel: $channel) {
    sku { id }
    availableToSell
    asOf
  }
}`;

export const HOLD_CART = `mutation HoldCart($input: ReserveInput!) {
  reserve(input: $input) {
    reservations { id sku { id } location { id } quantity status expiresAt }
    userErrors { field code message }
  }
}`;

export const ROUTE_ORDER = `mutation RouteOrder($input: RouteOrderInput!) {
  routeOrder(input: $input) {
    plan {
      shipments {
        id
        status
        location { id type }
        method
        lines { sku { id } quantity }
        distanceKm
        cost
      }
      totalCost
      splitCount
      unassigned { sku { id } quantity }
    }
    reservations { id status }
    userErrors { field code message }
  }
}`;
