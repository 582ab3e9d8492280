// `tsc` on its own cannot read .astro files (`astro check` can, and checks them); this lets the plain type checker
// accept the component barrels' imports of them.
declare module '*.astro' {
  const Component: (props: Record<string, unknown>) => unknown;
  export default Component;
}
