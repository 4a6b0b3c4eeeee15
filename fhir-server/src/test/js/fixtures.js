/** A slice of the activity list as the server publishes it (CodeSystem/activity-list), for the tests. */
export const ACTIVITY_CODE_SYSTEM = {
  resourceType: 'CodeSystem',
  id: 'activity-list',
  concept: [
    { code: '0a5f732d-e806-4e51-ad40-0a7de0239c8c', display: 'Football' },
    {
      code: 'b8019b67-2ade-406f-a012-91a5c3869652',
      display: 'Walking Football',
      property: [{ code: 'parent', valueCode: '0a5f732d-e806-4e51-ad40-0a7de0239c8c' }],
    },
    { code: '72d19892-5f55-4e9c-87b0-a5433baa49c8', display: 'Angling', designation: [{ value: 'Fishing' }] },
    { code: '95092977-5a20-4d6e-b312-8fddabe71544', display: 'Walking' },
    {
      code: 'c72e1713-25c1-4886-926a-4cd549bb4916',
      display: 'Nordic Walking',
      property: [{ code: 'parent', valueCode: '95092977-5a20-4d6e-b312-8fddabe71544' }],
    },
    { code: 'bf1a5e00-cdcf-465d-8c5a-6f57040b7f7e', display: 'Yoga' },
  ],
};
