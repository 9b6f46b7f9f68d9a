/**
 * What the retailer sells. Names are built from these lists; a few carry commas, quotes and
 * ampersands on purpose, so CSV quoting and XML escaping get exercised by ordinary data.
 */
export interface CategoryDef {
  code: string;
  qualifiers: readonly string[];
  materials: readonly string[];
  nouns: readonly string[];
  /** first variant axis (colour, scent…); '' when the category has none */
  colours: readonly string[];
  /** second variant axis (size, volume…) */
  sizes: readonly string[];
  /** price points in pence before the .99/.49 ending */
  priceRange: [number, number];
  /** loose/weighed goods carry a PLU at the till */
  loose?: boolean;
  /** whole names (qualifier + name) where material × noun would make nonsense */
  fixedNames?: readonly string[];
}

export const CATEGORIES: readonly CategoryDef[] = [
  {
    code: 'APPAREL',
    qualifiers: ['', 'Relaxed', 'Slim', 'Classic', 'Heritage', 'Everyday', 'Premium'],
    materials: ['Linen', 'Cotton', 'Merino', 'Denim', 'Flannel', 'Oxford', 'Jersey', 'Cashmere', 'Chambray', 'Corduroy'],
    nouns: ['Shirt', 'Chinos', 'Jumper', 'Cardigan', 'Dress', 'Skirt', 'T-Shirt', 'Hoodie', 'Blazer', 'Polo Shirt', 'Joggers', 'Shorts'],
    colours: ['Blue', 'Navy', 'White', 'Black', 'Olive', 'Stone', 'Burgundy', 'Grey'],
    sizes: ['S', 'M', 'L', 'XL', 'XS', 'XXL'],
    priceRange: [12, 89],
  },
  {
    code: 'FOOTWEAR',
    qualifiers: ['', 'Trail', 'City', 'Classic', 'Lightweight', 'Waterproof'],
    materials: ['Leather', 'Suede', 'Canvas', 'Knit', 'Nubuck', 'Rubber'],
    nouns: ['Trainers', 'Boots', 'Loafers', 'Sandals', 'Brogues', 'Slippers', 'Chelsea Boots', 'Plimsolls'],
    colours: ['Black', 'Tan', 'White', 'Navy', 'Brown'],
    sizes: ['UK 7', 'UK 8', 'UK 9', 'UK 10', 'UK 6', 'UK 11'],
    priceRange: [19, 129],
  },
  {
    code: 'HOME',
    qualifiers: ['', 'Scandi', 'Cottage', 'Modern', 'Luxe', 'Woven', 'Hotel'],
    materials: ['Velvet', 'Wool', 'Cotton', 'Jute', 'Oak', 'Ceramic', 'Glass', 'Rattan'],
    nouns: ['Cushion Cover', 'Throw', 'Rug', 'Lamp', 'Vase', 'Mirror', 'Duvet Cover', 'Bath Towel', 'Candle Holder', 'Storage Basket'],
    colours: ['Teal', 'Ochre', 'Sage', 'Charcoal', 'Blush', 'Ivory'],
    sizes: ['Small', 'Medium', 'Large', 'Extra Large'],
    priceRange: [6, 149],
  },
  {
    code: 'KITCHEN',
    qualifiers: ['', 'Professional', 'Everyday', 'Non-Stick', 'Stackable'],
    materials: ['Stainless Steel', 'Cast Iron', 'Enamel', 'Stoneware', 'Bamboo', 'Copper'],
    nouns: ['Saucepan', 'Frying Pan', 'Casserole', 'Salt & Pepper Mill', 'Chopping Board', 'Mixing Bowl', 'Pots, Pans & Lids Set', '10" Pizza Stone', 'Kettle', 'Teapot'],
    colours: ['Red', 'Cream', 'Black', 'Duck Egg'],
    sizes: ['16cm', '20cm', '24cm', '28cm'],
    priceRange: [8, 119],
  },
  {
    code: 'BEAUTY',
    qualifiers: ['', 'Botanical', 'Sensitive', 'Daily', 'Restoring'],
    materials: ['Hand', 'Body', 'Face', 'Hair', 'Foot'],
    nouns: ['Cream', 'Wash', 'Lotion', 'Serum', 'Scrub', 'Oil', 'Balm', 'Mist'],
    colours: ['Lavender', 'Rose', 'Citrus', 'Vanilla', 'Unscented', 'Mint'],
    sizes: ['50ml', '100ml', '250ml', '500ml'],
    priceRange: [3, 39],
  },
  {
    code: 'TOYS',
    qualifiers: ['', 'Junior', 'Deluxe', 'Mini', 'Giant'],
    materials: ['Wooden', 'Plush', 'Magnetic', 'Bath', 'Garden', 'Puzzle'],
    nouns: ['Train Set', 'Bear', 'Building Blocks', 'Kite', 'Dolls House', 'Rocket', 'Dinosaur', 'Tea Set'],
    colours: ['Red', 'Blue', 'Yellow', 'Green', 'Rainbow'],
    sizes: ['', 'Set of 2'],
    priceRange: [4, 79],
  },
  {
    code: 'GARDEN',
    qualifiers: ['', 'Hardy', 'Patio', 'Heritage', 'Compact'],
    materials: ['Terracotta', 'Galvanised', 'Willow', 'Zinc', 'Teak'],
    nouns: ['Planter', 'Watering Can', 'Bird Feeder', 'Trowel', 'Bench', 'Lantern', 'Hose Reel', 'Obelisk'],
    colours: ['Natural', 'Green', 'Grey', 'Black'],
    sizes: ['Small', 'Medium', 'Large'],
    priceRange: [5, 199],
  },
];

/** Loose goods: a small share of the range, sold by PLU at the till. */
export const PRODUCE: CategoryDef = {
  code: 'PRODUCE',
  qualifiers: ['', 'Organic', 'British', 'Seasonal'],
  materials: [],
  nouns: [],
  fixedNames: [
    'Braeburn Apples', 'Conference Pears', 'Vine Tomatoes', 'Maris Piper Potatoes', 'Chantenay Carrots', 'Cox Apples',
    'Jazz Apples', 'Rooster Potatoes', 'Bramley Apples', 'Red Onions', 'Chestnut Mushrooms', 'Mixed Peppers',
    'Baby Leeks', 'Clementines', 'Lemons', 'Bananas', 'Plum Tomatoes', 'Parsnips', 'Sweet Potatoes', 'Garlic',
  ],
  colours: [''],
  sizes: ['Loose', '500g', '1kg', '2.5kg', 'Family Pack', 'Value Pack'],
  priceRange: [0, 4],
  loose: true,
};

export const PACK_SIZES = [6, 12, 24] as const;

/** "Linen Shirt" + "Blue M" → "linen-shirt-blue-m": the web SKU's readable part. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
