import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { ErrorResponse, ValidationErrorResponse, bearerAuth } from '../../schemas/common.js';
import {
  AddItemBody,
  AddPlanBody,
  AddRecipeBody,
  ItemParams,
  ListItemView,
  ListNameBody,
  ListParams,
  ListSummary,
  Pantry,
  PatchItemBody,
  RecipeParams,
  ShoppingList,
} from './lists.schemas.js';

const tags = ['lists'];
const base = { 400: ValidationErrorResponse, 401: ErrorResponse };
const missing = { ...base, 404: ErrorResponse };
const deleted = (what: string) => ({ 204: { type: 'null', description: what }, ...missing });

async function listsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const lists = app.listsService;
  app.addHook('onRequest', app.authenticate);
  const doc = (operationId: string, summary: string, description: string) => ({
    operationId,
    tags,
    summary,
    description,
    security: bearerAuth,
  });

  app.get(
    '/lists',
    {
      schema: {
        ...doc(
          'getLists',
          'The household’s shopping lists, with counts',
          'Every member sees the same lists; `items` and `checked` count their items.',
        ),
        response: { 200: Type.Array(ListSummary, { maxItems: 10_000 }), 401: ErrorResponse },
      },
    },
    async (request) => lists.summaries(request.user.id),
  );

  app.post(
    '/lists',
    {
      schema: {
        ...doc(
          'createList',
          'Create a shopping list for the household',
          'The list starts empty; every member of the household may change it.',
        ),
        body: ListNameBody,
        response: { 201: ShoppingList, ...base },
      },
    },
    async (request, reply) => reply.status(201).send(await lists.create(request.user.id, request.body.name)),
  );

  app.get(
    '/lists/:id',
    {
      schema: {
        ...doc('getList', 'A shopping list and its items', 'Items in the order they were added. 404 for a list of another household.'),
        params: ListParams,
        response: { 200: ShoppingList, ...missing },
      },
    },
    async (request) => lists.get(request.user.id, request.params.id),
  );

  app.patch(
    '/lists/:id',
    {
      schema: {
        ...doc('renameList', 'Rename a shopping list', 'Live streams get a `renamed` event.'),
        params: ListParams,
        body: ListNameBody,
        response: { 200: ShoppingList, ...missing },
      },
    },
    async (request) => lists.rename(request.user.id, request.params.id, request.body.name),
  );

  app.delete(
    '/lists/:id',
    {
      schema: {
        ...doc(
          'deleteList',
          'Delete a shopping list (its live streams end)',
          'Its items go with it; its streams get a `deleted` event and end.',
        ),
        params: ListParams,
        response: deleted('Deleted'),
      },
    },
    async (request, reply) => {
      await lists.delete(request.user.id, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/lists/:id/items',
    {
      schema: {
        ...doc(
          'addListItem',
          'Add a typed line; it merges into the unchecked item of the same food when it can',
          '201 with a new item, or 200 with the item it was merged into (amounts added across units and densities; a checked item never takes a line). ' +
            'A typed line is never skipped for the pantry.',
        ),
        params: ListParams,
        body: AddItemBody,
        response: { 200: ListItemView, 201: ListItemView, ...missing },
      },
    },
    async (request, reply) => {
      const { item, merged } = await lists.addLine(request.user.id, request.params.id, request.body.text);
      return reply.status(merged ? 200 : 201).send(item);
    },
  );

  app.post(
    '/lists/:id/recipes',
    {
      schema: {
        ...doc(
          'addRecipeToList',
          'Add a recipe’s lines at some servings (default the recipe’s), scaled as GET /recipes/{id}?servings=',
          'Pantry foods are skipped; `skipped` counts what was left out and why. 404 for a recipe the caller may not see; ' +
            '400 for servings asked of a recipe that does not say its own.',
        ),
        params: ListParams,
        body: AddRecipeBody,
        response: { 200: ShoppingList, ...missing },
      },
    },
    async (request) => lists.addRecipe(request.user.id, request.params.id, request.body.recipe_id, request.body.servings),
  );

  app.delete(
    '/lists/:id/recipes/:recipe_id',
    {
      schema: {
        ...doc(
          'removeRecipeFromList',
          'Take every amount a recipe brought back out',
          'Items left with nothing go; typed lines and other recipes stay.',
        ),
        params: RecipeParams,
        response: { 200: ShoppingList, ...missing },
      },
    },
    async (request) => lists.removeRecipe(request.user.id, request.params.id, request.params.recipe_id),
  );

  app.post(
    '/lists/:id/plan',
    {
      schema: {
        ...doc(
          'addPlanToList',
          'Add every planned recipe of a date range (at most 92 days) at its planned servings',
          'Pantry foods are skipped.',
        ),
        params: ListParams,
        body: AddPlanBody,
        response: { 200: ShoppingList, ...missing },
      },
    },
    async (request) => lists.addPlan(request.user.id, request.params.id, request.body.from, request.body.to),
  );

  app.patch(
    '/lists/:id/items/:item_id',
    {
      schema: {
        ...doc(
          'updateListItem',
          'Check or uncheck an item, change its aisle, or replace its line',
          'Each field is written on its own: of two changes at once, the last to arrive wins for that field, and neither corrupts the list. ' +
            'A category chosen here is remembered for the food by the household.',
        ),
        params: ItemParams,
        body: PatchItemBody,
        response: { 200: ListItemView, ...missing },
      },
    },
    async (request) => lists.patchItem(request.user.id, request.params.id, request.params.item_id, request.body),
  );

  app.delete(
    '/lists/:id/items/:item_id',
    {
      schema: {
        ...doc('deleteListItem', 'Delete an item', 'Live streams get the item’s id in `removed`.'),
        params: ItemParams,
        response: deleted('Deleted'),
      },
    },
    async (request, reply) => {
      await lists.deleteItem(request.user.id, request.params.id, request.params.item_id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/lists/:id/clear-checked',
    {
      schema: {
        ...doc('clearCheckedItems', 'Delete every checked item', 'Answers the list as it is afterwards.'),
        params: ListParams,
        response: { 200: ShoppingList, ...missing },
      },
    },
    async (request) => lists.clearChecked(request.user.id, request.params.id),
  );

  app.get(
    '/household/pantry',
    {
      schema: {
        ...doc(
          'getPantry',
          'The household’s pantry: foods skipped when recipes or the plan are added',
          'Salt, black pepper and water until set.',
        ),
        response: { 200: Pantry, 401: ErrorResponse },
      },
    },
    async (request) => lists.pantry(request.user.id),
  );

  app.put(
    '/household/pantry',
    {
      schema: {
        ...doc('setPantry', 'Set the household’s pantry', 'Names are trimmed; blank ones and second names of one food are dropped.'),
        body: Pantry,
        response: { 200: Pantry, ...base },
      },
    },
    async (request) => lists.setPantry(request.user.id, request.body.foods),
  );
}

export default fp(listsRoutes, { name: 'lists-routes', dependencies: ['auth', 'lists'], encapsulate: true });
